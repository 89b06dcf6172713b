import t from 'tap';
import { actionHotkey, actionMessage, actionPath, isHotkey } from '../src/lib/plugin-actions.ts';
import type { PosAction } from '../src/api/types.ts';

const action = (route: string, hotkey?: string): PosAction => ({
  key: 'k', label: { zh: '盖章', en: 'Stamp' }, route, pluginId: 'stamps', ...(hotkey ? { hotkey } : {}),
});
const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({ key: k, code: '', altKey: false, ctrlKey: false, metaKey: false, ...extra });

t.test('a plain path is POSTed under the plugin; any other route form is left out', async (t) => {
  t.equal(actionPath(action('/stamp')), '/plugins/stamps/stamp');
  t.equal(actionPath(action('/orders/stamp-last')), '/plugins/stamps/orders/stamp-last');
  t.equal(actionPath(action('PUT /orders/:orderId')), null, 'a method and a path parameter are not the contract');
  t.equal(actionPath(action('stamp')), null, 'a route starts with /');
  t.equal(actionPath(action('/a?b=1')), null);
});

t.test('hotkeys: a free function key or Alt with a letter or digit; the till keeps its own', async (t) => {
  t.equal(actionHotkey(action('/s', 'F8')), 'F8');
  t.equal(actionHotkey(action('/s', 'alt+g')), 'Alt+G');
  t.equal(actionHotkey(action('/s', 'F4')), null, 'F4 is 结算');
  t.equal(actionHotkey(action('/s', 'Escape')), null);
  t.equal(actionHotkey(action('/s', 'F13')), null);
  t.equal(actionHotkey(action('/s', 'g')), null, 'a bare letter would catch a scanner\'s keys');
  t.equal(actionHotkey(action('/s')), null);
});

t.test('a key press matches its hotkey only', async (t) => {
  t.ok(isHotkey('F8', key('F8')));
  t.notOk(isHotkey('F8', key('F8', { ctrlKey: true })));
  t.notOk(isHotkey('F8', key('F8', { altKey: true })));
  t.ok(isHotkey('Alt+G', key('©', { code: 'KeyG', altKey: true })), 'the physical key decides under Alt');
  t.ok(isHotkey('Alt+1', key('1', { code: 'Digit1', altKey: true })));
  t.notOk(isHotkey('Alt+G', key('g', { code: 'KeyG' })), 'G alone is typing');
});

t.test('the toast says the plugin\'s message, or that it was done', async (t) => {
  t.equal(actionMessage({ message: '已打印' }, '盖章'), '已打印');
  t.equal(actionMessage({}, '盖章'), '盖章：已完成');
  t.equal(actionMessage(null, '盖章'), '盖章：已完成');
});
