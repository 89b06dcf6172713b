import t from 'tap';
import nock from 'nock';
import { FeieClient, feieSignature } from './feie.ts';

nock.disableNetConnect();
t.teardown(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const STIME = 1_764_547_200;
const client = new FeieClient({ user: 'demo@feieyun.com', ukey: 'UKEY9f8e7d6c5b4a' }, () => STIME * 1000 + 999);
// sha1('demo@feieyun.com' + 'UKEY9f8e7d6c5b4a' + '1764547200'), computed apart from this code (Python hashlib).
const SIG = 'c3853a9b134e78724bd0fcd4642ad360e900faa5';

/** Feie answering one call, keeping the form it got. */
function feie(answer: Record<string, unknown>, forms: Record<string, string>[]) {
  return nock('http://api.feieyun.cn').post('/Api/Open/').reply(200, (_uri, body) => {
    forms.push(Object.fromEntries(new URLSearchParams(body as string)));
    return answer;
  });
}
const ok = (data: unknown) => ({ msg: 'ok', ret: 0, data, serverExecutedTime: 6 });

t.test('the signature is sha1_hex(user + UKEY + stime)', async (t) => {
  t.equal(feieSignature('demo@feieyun.com', 'UKEY9f8e7d6c5b4a', String(STIME)), SIG);
});

t.test('adding a printer sends the signed form with sn#key#name', async (t) => {
  const forms: Record<string, string>[] = [];
  const scope = feie(ok({ ok: ['816501678#abcdefgh#收银台'], no: [] }), forms);
  await client.register({ sn: '816501678', key: 'abcdefgh', name: '收银台' });
  t.ok(scope.isDone());
  t.same(forms[0], { user: 'demo@feieyun.com', stime: String(STIME), sig: SIG, apiname: 'Open_printerAddlist', printerContent: '816501678#abcdefgh#收银台' });
});

t.test('a printer Feie lists under "no" is refused with Feie\'s reason', async (t) => {
  feie(ok({ ok: [], no: ['816501678#abcdefgh#收银台（错误：识别码不正确）'] }), []);
  await t.rejects(client.register({ sn: '816501678', key: 'abcdefgh', name: '收银台' }), {
    code: 'LS_PRINTERS_VENDOR_REFUSED', statusCode: 422, message: 'feie: 识别码不正确', extra: { vendor: 'feie', vendorMessage: '识别码不正确' },
  });
});

t.test('ret < 0 is a refusal with Feie\'s message; HTTP errors and non-JSON are 502', async (t) => {
  feie({ msg: '参数错误 : 该帐号未注册.', ret: -2, data: null, serverExecutedTime: 37 }, []);
  await t.rejects(client.remove('816501678'), { code: 'LS_PRINTERS_VENDOR_REFUSED', message: 'feie: 参数错误 : 该帐号未注册.', extra: { vendorCode: '-2' } });
  nock('http://api.feieyun.cn').post('/Api/Open/').reply(500, 'busy');
  await t.rejects(client.status('816501678'), { code: 'LS_PRINTERS_VENDOR_UNAVAILABLE', statusCode: 502 });
  nock('http://api.feieyun.cn').post('/Api/Open/').reply(200, '<html>');
  await t.rejects(client.status('816501678'), { code: 'LS_PRINTERS_VENDOR_UNAVAILABLE' });
});

t.test('printing sends the markup and the copies as times; status reads Feie\'s words', async (t) => {
  const forms: Record<string, string>[] = [];
  feie(ok('816501678_20261201093000_1853029628'), forms);
  const id = await client.print('816501678', [{ text: '一号店', center: true, large: true }, { text: '合计 <3>' }], { copies: 2 });
  t.equal(id, '816501678_20261201093000_1853029628');
  t.same(forms[0], { user: 'demo@feieyun.com', stime: String(STIME), sig: SIG, apiname: 'Open_printMsg', sn: '816501678', content: '<CB>一号店</CB><BR>合计 ＜3＞<BR>', times: '2' });

  feie(ok('离线。'), forms);
  t.same(await client.status('816501678'), { online: false, normal: false, text: '离线。' });
  feie(ok('在线，工作状态正常。'), forms);
  t.same(await client.status('816501678'), { online: true, normal: true, text: '在线，工作状态正常。' });
  feie(ok('在线，工作状态不正常。'), forms);
  t.same(await client.status('816501678'), { online: true, normal: false, text: '在线，工作状态不正常。' });
  t.same(forms.at(-1), { user: 'demo@feieyun.com', stime: String(STIME), sig: SIG, apiname: 'Open_queryPrinterStatus', sn: '816501678' });

  feie(ok({ ok: ['816501678'], no: [] }), forms);
  await client.remove('816501678');
  t.same(forms.at(-1)!.snlist, '816501678');
  t.equal(forms.at(-1)!.apiname, 'Open_printerDelList');
});
