import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../../lib/api';
import { mallExtensions } from '../../lib/extensions';
import { zh } from '../../lib/format';
import { requireStore } from '../../lib/guard';
import { session } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import type { Block } from '../../lib/types';
import { Blocks } from '../../components/Blocks';
import { Status } from '../../components/Status';
import { TabBar } from '../../components/TabBar';

interface Me {
  name: string;
  phone: string | null;
  memberCode: string;
}

/** Member centre: profile and member code, orders, addresses, and what plugins add (coupon wallet, points …). */
export default function MemberPage() {
  requireStore();
  const loaded = useLoad(async () => {
    const [me, extensions] = await Promise.all([api.get<Me>('/mall/me'), mallExtensions()]);
    return { me, blocks: extensions.blocks.filter((b) => b.slot === 'member') as Block[], pages: extensions.pages };
  });
  const go = (url: string) => void Taro.navigateTo({ url });
  const data = loaded.data;
  return (
    <View className='page member-page'>
      <Status loading={loaded.loading} error={loaded.error} />
      {data && (
        <>
          <View className='section'>
            <View className='section-title member-name'>{data.me.name || data.me.phone || '会员'}</View>
            <View className='muted'>会员码 <Text className='member-code'>{data.me.memberCode}</Text>（到店出示）</View>
          </View>
          <View className='section'>
            <View className='row' onClick={() => go('/pages/orders/index')}><Text>我的订单</Text><Text className='muted'>›</Text></View>
          </View>
          <View className='tabs'>
            {[['unpaid', '待付款'], ['active', '待收货'], ['done', '已完成'], ['refund', '退款']].map(([key, label]) => (
              <Text key={key} className='tab' onClick={() => go(`/pages/orders/index?tab=${key}`)}>{label}</Text>
            ))}
          </View>
          <View className='section'>
            <View className='row' onClick={() => go('/pages/addresses/index')}><Text>收货地址</Text><Text className='muted'>›</Text></View>
            <View className='row' style={{ marginTop: '24px' }} onClick={() => go('/pages/coupons/index')}><Text>领券中心</Text><Text className='muted'>›</Text></View>
            {data.pages.map((p) => (
              <View key={`${p.pluginId}:${p.key}`} className='row' style={{ marginTop: '24px' }} onClick={() => go(`/pages/plugin/index?plugin=${p.pluginId}&key=${p.key}`)}>
                <Text>{zh(p.title ?? p.label, p.key)}</Text><Text className='muted'>›</Text>
              </View>
            ))}
          </View>
          <Blocks blocks={data.blocks} />
          <View className='section' onClick={() => { session.setToken(null); void Taro.reLaunch({ url: '/pages/entry/index' }); }}>
            <Text className='muted'>退出登录</Text>
          </View>
        </>
      )}
      <TabBar current='member' />
    </View>
  );
}
