import t from 'tap';
import nock from 'nock';
import { YilianyunClient, yilianyunSignature } from './yilianyun.ts';

nock.disableNetConnect();
t.teardown(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const TS = 1_764_547_200;
const SECRET = '8c6e3a1b2d4f5e6a7b8c9d0e1f2a3b4c';
// md5('1039461234' + '1764547200' + SECRET), computed apart from this code (Python hashlib).
const SIGN = 'bf036683c748dd94f46799ee260d533c';
const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;

let clock = TS * 1000;
const clientFor = (clientId: string) => new YilianyunClient({ clientId, clientSecret: SECRET }, () => clock);

/** Yilianyun answering one call on `path`, keeping the form it got. */
function yly(path: string, answer: Record<string, unknown>, forms: Record<string, string>[]) {
  return nock('https://open-api.10ss.net').post(`/v2${path}`).reply(200, (_uri, body) => {
    forms.push(Object.fromEntries(new URLSearchParams(body as string)));
    return answer;
  });
}
const ok = (body: unknown) => ({ error: '0', error_description: 'success', body });

t.test('the signature is md5_hex(client_id + timestamp + client_secret)', async (t) => {
  t.equal(yilianyunSignature('1039461234', String(TS), SECRET), SIGN);
});

t.test('a client-credentials token is fetched once, signed, and reused until it expires', async (t) => {
  clock = TS * 1000;
  const forms: Record<string, string>[] = [];
  yly('/oauth/oauth', ok({ access_token: 'token-1', refresh_token: 'r', expires_in: 2_592_000 }), forms);
  yly('/printer/addprinter', ok({}), forms);
  yly('/print/index', ok({ id: '1234567890' }), forms);
  const client = clientFor('1039461234');
  await client.register({ sn: '4004123456', key: 'msign123', name: '后厨' });
  const id = await client.print('4004123456', [{ text: '一号店', center: true, large: true }, { text: '可乐' }], { copies: 2, originId: 'abc123' });
  t.equal(id, '1234567890');

  const [token, add, print] = forms;
  t.match(token!.id, UUID_UPPER);
  t.same({ ...token, id: 'uuid' }, { grant_type: 'client_credentials', scope: 'all', client_id: '1039461234', timestamp: String(TS), sign: SIGN, id: 'uuid' });
  t.same({ ...add, id: 'uuid' }, {
    machine_code: '4004123456', msign: 'msign123', print_name: '后厨', access_token: 'token-1', client_id: '1039461234', timestamp: String(TS), sign: SIGN, id: 'uuid',
  });
  t.same({ ...print, id: 'uuid' }, {
    machine_code: '4004123456', content: '<MN>2</MN><FS2><center>一号店</center></FS2>\n可乐\n', origin_id: 'abc123',
    access_token: 'token-1', client_id: '1039461234', timestamp: String(TS), sign: SIGN, id: 'uuid',
  });
  t.not(add!.id, print!.id, 'every call has its own id');

  clock += 2_592_000 * 1000;
  yly('/oauth/oauth', ok({ access_token: 'token-2', expires_in: 2_592_000 }), forms);
  yly('/printer/getprintstatus', ok({ state: '1' }), forms);
  t.same(await client.status('4004123456'), { online: true, normal: true, text: '在线，工作状态正常' });
  t.equal(forms.at(-1)!.access_token, 'token-2', 'an expired token is replaced');
  t.equal(forms.at(-1)!.timestamp, String(TS + 2_592_000));
});

t.test('a refusal carries Yilianyun\'s description, and the next call fetches a fresh token', async (t) => {
  clock = TS * 1000;
  const forms: Record<string, string>[] = [];
  yly('/oauth/oauth', ok({ access_token: 'token-a', expires_in: 3600 }), forms);
  yly('/printer/deleteprinter', { error: '18', error_description: 'access_token过期或错误', body: {} }, forms);
  const client = clientFor('2000000001');
  await t.rejects(client.remove('4004123456'), { code: 'LS_PRINTERS_VENDOR_REFUSED', message: 'yilianyun: access_token过期或错误', extra: { vendorCode: '18' } });
  t.same(forms[1]!.machine_code, '4004123456');
  yly('/oauth/oauth', ok({ access_token: 'token-b', expires_in: 3600 }), forms);
  yly('/printer/getprintstatus', ok({ state: '0' }), forms);
  t.same(await client.status('4004123456'), { online: false, normal: false, text: '离线' });
  t.equal(forms.at(-1)!.access_token, 'token-b');
});

t.test('a token refusal is a refusal too', async (t) => {
  yly('/oauth/oauth', { error: '2', error_description: 'client_id或client_secret错误', body: {} }, []);
  await t.rejects(clientFor('3000000001').status('1'), { code: 'LS_PRINTERS_VENDOR_REFUSED', message: 'yilianyun: client_id或client_secret错误' });
});
