import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

const TABS = [
  { key: 'home', label: '首页', url: '/pages/index/index' },
  { key: 'category', label: '分类', url: '/pages/category/index' },
  { key: 'cart', label: '购物车', url: '/pages/cart/index' },
  { key: 'member', label: '我的', url: '/pages/member/index' },
] as const;

/** The bottom navigation; a drawn bar rather than the native tabBar, so both builds look alike without icon files. */
export function TabBar({ current }: { current: (typeof TABS)[number]['key'] }) {
  return (
    <View className='tabbar'>
      {TABS.map((tab) => (
        <View key={tab.key} className={`tabbar-item ${tab.key === current ? 'tabbar-on' : ''}`}
          onClick={() => tab.key !== current && void Taro.redirectTo({ url: tab.url })}>
          <Text>{tab.label}</Text>
        </View>
      ))}
    </View>
  );
}
