import { View } from '@tarojs/components';

/** Loading, error and empty states, the same on every page. */
export function Status({ loading, error, empty, emptyText = '暂无内容' }: { loading?: boolean; error?: string | null; empty?: boolean; emptyText?: string }) {
  if (error) return <View className='error'>{error}</View>;
  if (loading) return <View className='empty'>加载中…</View>;
  if (empty) return <View className='empty'>{emptyText}</View>;
  return null;
}
