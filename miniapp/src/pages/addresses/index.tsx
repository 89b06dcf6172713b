import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api, showError } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import type { Address } from '../../lib/types';
import { Status } from '../../components/Status';

const EMPTY = { name: '', phone: '', region: '', detail: '' };

/** The address book: add, make default, delete. */
export default function AddressesPage() {
  const list = useLoad(() => api.get<Address[]>('/mall/addresses'));
  const [form, setForm] = useState(EMPTY);
  const save = async () => {
    try {
      await api.post('/mall/addresses', { ...form, region: form.region || undefined });
      setForm(EMPTY);
      list.reload();
    } catch (error) {
      showError(error);
    }
  };
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      list.reload();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <View className='page addresses-page'>
      <Status loading={list.loading} error={list.error} empty={list.data?.length === 0} emptyText='还没有收货地址' />
      {list.data?.map((a) => (
        <View key={a.id} className='section address-item'>
          <View>{a.name} {a.phone} {a.isDefault && <Text className='tag'>默认</Text>}</View>
          <View className='muted'>{a.region} {a.detail}</View>
          <View className='row' style={{ marginTop: '12px', justifyContent: 'flex-end' }}>
            {!a.isDefault && <Text className='btn-plain' onClick={() => void run(() => api.patch(`/mall/addresses/${a.id}`, { isDefault: true }))}>设为默认</Text>}
            <Text className='btn-plain' onClick={() => void run(() => api.del(`/mall/addresses/${a.id}`))}>删除</Text>
          </View>
        </View>
      ))}
      <View className='section address-form'>
        <View className='section-title'>新增地址</View>
        <Input className='input address-name' placeholder='收货人' value={form.name} onInput={(e) => setForm({ ...form, name: e.detail.value })} />
        <Input className='input address-phone' type='number' maxlength={11} placeholder='手机号' value={form.phone} onInput={(e) => setForm({ ...form, phone: e.detail.value })} />
        <Input className='input' placeholder='省市区' value={form.region} onInput={(e) => setForm({ ...form, region: e.detail.value })} />
        <Input className='input address-detail' placeholder='详细地址' value={form.detail} onInput={(e) => setForm({ ...form, detail: e.detail.value })} />
        <Button className='btn save-address' onClick={() => void save()}>保存</Button>
        <Text className='muted' onClick={() => void Taro.navigateBack()}>返回</Text>
      </View>
    </View>
  );
}
