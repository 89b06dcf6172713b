import t from 'tap';
import { definePlugin } from './define-plugin.ts';
import { PluginLoadError, resolvePlugins } from './resolver.ts';
import type { PluginDefinition } from './plugin-definition.ts';

const plugin = (id: string, extra: Partial<PluginDefinition> = {}) =>
  definePlugin({ id, version: '1.0.0', kernel: '^1.0.0', name: { zh: id, en: id }, ...extra });

const problemsOf = (definitions: PluginDefinition[], kernel = '1.0.0') => {
  try {
    resolvePlugins(definitions, kernel);
    return [];
  } catch (error) {
    if (!(error instanceof PluginLoadError)) throw error;
    return error.problems;
  }
};

t.test('orders plugins after what they require', async (t) => {
  const ordered = resolvePlugins([
    plugin('c', { requires: { b: '^1.0.0' } }), plugin('b', { requires: { a: '>=1.0.0' } }), plugin('a'),
  ], '1.0.0');
  t.same(ordered.map((p) => p.id), ['a', 'b', 'c']);
});

t.test('refuses with a message naming the plugin, the requirement and what was found', async (t) => {
  t.same(problemsOf([plugin('coupon', { requires: { wechatpay: '^1.0.0' } })]), ['coupon: requires wechatpay ^1.0.0, which is not loaded']);
  t.same(problemsOf([plugin('coupon', { requires: { wechatpay: '^2.0.0' } }), plugin('wechatpay')]),
    ['coupon: requires wechatpay ^2.0.0, but wechatpay is 1.0.0']);
  t.same(problemsOf([plugin('future', { kernel: '^2.0.0' })]), ['future: needs kernel ^2.0.0, but this kernel is 1.0.0']);
  t.same(problemsOf([plugin('a', { requires: { b: '*' } }), plugin('b', { requires: { a: '*' } })]), ['dependency cycle: a → b → a']);
  t.same(problemsOf([plugin('a'), plugin('a')]), ['a: loaded twice']);
});

t.test('checks the manifest itself', async (t) => {
  t.match(problemsOf([plugin('Bad_Id')]), [/^Bad_Id: id must match/]);
  t.match(problemsOf([plugin('a', { version: 'one' })]), [/version "one" is not a semantic version/]);
  t.match(problemsOf([plugin('a', { kernel: 'latest!' })]), [/kernel "latest!" is not a version range/]);
  t.match(problemsOf([plugin('a', { permissions: ['orders:delete' as never] })]), [/permissions\.0 must be one of/]);
  t.match(problemsOf([plugin('a', { hooks: 'tap' as never })]), [/hooks must be a function/]);
  t.match(problemsOf([plugin('a', { config: { type: 'object', properties: { n: { type: 'nope' } } } })]), [/config is not a valid JSON Schema/]);
  const action = (route: string, hotkey?: string) => ({ pos: { actions: [{ key: 'stamp', label: { zh: '盖章', en: 'Stamp' }, route, ...(hotkey ? { hotkey } : {}) }] } });
  t.same(problemsOf([plugin('a', action('/stamp', 'Alt+S'))]), [], 'a till action POSTs to a plain path');
  t.match(problemsOf([plugin('a', action('PUT /orders/:orderId'))]), [/pos\.actions\.0\.route must match/], 'not a method and path parameters');
  t.match(problemsOf([plugin('a', action('/stamp', 's'))]), [/pos\.actions\.0\.hotkey must match/], 'a bare letter would fire while a scanner types');
});
