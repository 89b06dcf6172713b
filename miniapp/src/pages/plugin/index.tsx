import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { mallExtensions } from '../../lib/extensions';
import { zh } from '../../lib/format';
import { requireStore } from '../../lib/guard';
import { useLoad } from '../../lib/use-load';
import type { Block } from '../../lib/types';
import { Blocks } from '../../components/Blocks';
import { Status } from '../../components/Status';

/** A page a plugin declares: its blocks, drawn without a rebuild. */
export default function PluginPage() {
  requireStore();
  const { params } = useRouter();
  const loaded = useLoad(async () => {
    const page = (await mallExtensions()).pages.find((p) => p.pluginId === params.plugin && p.key === params.key);
    if (!page) throw new Error('页面不存在');
    void Taro.setNavigationBarTitle({ title: zh(page.title ?? page.label, page.key) });
    return (page.blocks ?? []).map((block, index) => ({ key: String(index), pluginId: page.pluginId, block })) as Block[];
  });
  return (
    <View className='page plugin-page'>
      <Status loading={loaded.loading} error={loaded.error} empty={loaded.data?.length === 0} />
      {loaded.data && <Blocks blocks={loaded.data} />}
    </View>
  );
}
