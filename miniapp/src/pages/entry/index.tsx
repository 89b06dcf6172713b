import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api, showError } from '../../lib/api';
import { merchantId, session } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { Status } from '../../components/Status';
import type { Store } from '../../lib/types';
import { PhoneLogin } from './PhoneLogin';

interface Entry {
  merchant: { id: string; name: string };
  stores: Store[];
  demoSmsCode: string | null;
}

interface Session {
  accessToken: string;
}

function miniProgramAppid(): string | undefined {
  return process.env.TARO_ENV === 'weapp' ? Taro.getAccountInfoSync().miniProgram.appId : undefined;
}

/** 客户进入商城门店设置: pick the store (remembered), then sign in (wx.login, or a phone and an SMS code on H5). */
export default function EntryPage() {
  const merchant = merchantId();
  const entry = useLoad(() => {
    const appid = miniProgramAppid();
    if (!merchant && !appid) return Promise.reject(new Error('链接缺少商户参数（?merchant=）'));
    return api.get<Entry>(`/mall/entry?${merchant ? `merchantId=${merchant}` : `appid=${appid}`}`);
  });
  const [store, setStore] = useState(session.store());

  const enter = (token: string) => {
    session.setToken(token);
    void Taro.reLaunch({ url: '/pages/index/index' });
  };
  const choose = async (picked: Store) => {
    const choice = { id: picked.id, name: picked.name, delivery: picked.delivery, returnDays: picked.returnDays };
    session.setStore(choice);
    setStore(choice);
    if (session.token()) return void Taro.reLaunch({ url: '/pages/index/index' });
    if (process.env.TARO_ENV === 'weapp') {
      try {
        const login = await Taro.login();
        const answer = await api.post<Session>('/mall/auth/wechat', { merchantId: entry.data?.merchant.id, appid: miniProgramAppid(), code: login.code });
        enter(answer.accessToken);
      } catch (error) {
        showError(error);
      }
    }
  };

  const data = entry.data;
  return (
    <View className='page entry-page'>
      <Status loading={entry.loading} error={entry.error} />
      {data && (
        <>
          <View className='section'>
            <View className='section-title'>{data.merchant.name}</View>
            <Text className='muted'>请选择门店</Text>
          </View>
          {data.stores.length === 0 && <View className='empty'>暂无营业门店</View>}
          {data.stores.map((s) => (
            <View key={s.id} className={`section store-option ${store?.id === s.id ? 'chip-on' : ''}`} onClick={() => void choose(s)}>
              <View className='row'><Text>{s.name}</Text>{store?.id === s.id && <Text className='price'>已选</Text>}</View>
              <View className='muted'>{s.address}</View>
            </View>
          ))}
          {store && process.env.TARO_ENV !== 'weapp' && !session.token() && (
            <PhoneLogin merchantId={data.merchant.id} demoSmsCode={data.demoSmsCode} onSignedIn={enter} />
          )}
        </>
      )}
    </View>
  );
}
