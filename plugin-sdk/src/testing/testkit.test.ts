import t from 'tap';
import { fileURLToPath } from 'node:url';
import { definePlugin } from '@lingshou/plugin-sdk';
import { checkMigrations, createPluginTestKit } from './index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const stamp = definePlugin({
  id: 'stamp', version: '0.1.0', kernel: '^1.0.0', name: { zh: '盖章', en: 'Stamp' },
  migrations: fixture('good-migrations'),
  hooks: (h) => h.tap('receipt.render', async (receipt) => ({ ...receipt, blocks: [...receipt.blocks, { source: '', kind: 'text', text: '已盖章' }] })),
});

t.test('the kit enables the plugin for tenant A only', async (t) => {
  const kit = await createPluginTestKit({ plugin: stamp });
  t.teardown(kit.close);
  const receipt = { orderId: '00000000-0000-0000-0000-000000000000', blocks: [] };
  const info = { orderId: receipt.orderId, storeId: kit.a.storeIds[0] };
  const forA = await kit.callHook(kit.a, 'receipt.render', receipt, info);
  t.same(forA.blocks, [{ source: 'stamp', kind: 'text', text: '已盖章' }]);
  const forB = await kit.callHook(kit.b, 'receipt.render', { ...receipt, blocks: [] }, { ...info, storeId: kit.b.storeIds[0] });
  t.same(forB.blocks, [], 'tenant B never runs it');
});

t.test('checkMigrations: reversible, and held to the data rules', async (t) => {
  t.same(await checkMigrations(stamp), ['stamps']);
  const careless = definePlugin({ ...stamp, id: 'careless', migrations: fixture('no-rls-migrations') });
  await t.rejects(checkMigrations(careless), /careless's tables break the data rules:[\s\S]*plugin_careless\.notes/);
});
