import { View } from '@tarojs/components';
import { mallExtensions } from '../../lib/extensions';
import { requireStore } from '../../lib/guard';
import { useLoad } from '../../lib/use-load';
import type { Block } from '../../lib/types';
import { Blocks } from '../../components/Blocks';
import { Status } from '../../components/Status';

/** 领券中心: every claimable coupon the merchant's coupon plugins list, with its rules. */
export default function CouponsPage() {
  requireStore();
  const loaded = useLoad(async () => (await mallExtensions()).blocks.filter((b) => b.block.type === 'coupon-list') as Block[]);
  return (
    <View className='page coupons-page'>
      <Status loading={loaded.loading} error={loaded.error} empty={loaded.data?.length === 0} emptyText='暂无可领取的优惠券' />
      {loaded.data && <Blocks blocks={loaded.data} />}
    </View>
  );
}
