import t from 'tap';
import nock from 'nock';
import { LingshouError } from '../errors.ts';
import { signTc3 } from './tc3-signer.ts';
import { sendTencentSms, TENCENT_SMS_HOST } from './tencent-sms.ts';

nock.disableNetConnect();
t.teardown(() => nock.cleanAll());

const account = { secretId: 'AKIDtestsecretid0000000000000000ABCD', secretKey: 'testsecretkey000000000000000000ab', sdkAppId: '1400006666', signName: '零售演示', templateId: '1234567' };
// 2026-11-28 00:30 in Beijing: the 27th in UTC, which the credential must name.
const NOW = Date.parse('2026-11-27T16:30:00Z');
const send = () => sendTencentSms(account, { phone: '13800000001', templateParams: ['654321', '5'] }, { now: () => NOW });

/** The catalogue error a send fails with; a send that succeeds or fails otherwise fails the test. */
function refusal(promise: Promise<unknown>): Promise<LingshouError> {
  return promise.then(() => { throw new Error('the send was expected to fail'); }, (error: unknown) => {
    if (error instanceof LingshouError) return error;
    throw error;
  });
}

t.test('SendSms: the documented request, signed, and the serial number of the answer', async (t) => {
  let seen: { headers: Record<string, string | string[]>; body: string } | undefined;
  nock(`https://${TENCENT_SMS_HOST}`).post('/').reply(function reply(_uri, body) {
    seen = { headers: this.req.headers, body: JSON.stringify(body) };
    return [200, { Response: {
      SendStatusSet: [{ SerialNo: '5000:1045710669157053657849499619', PhoneNumber: '+8613800000001', Fee: 1, SessionContext: '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' }],
      RequestId: 'a0aabda6-cf91-4f3e-a81f-9198114a2279',
    } }];
  });
  t.same(await send(), { serialNo: '5000:1045710669157053657849499619' });
  t.ok(seen, 'Tencent Cloud was called');
  const { headers, body } = seen!;
  t.same(JSON.parse(body), {
    SmsSdkAppId: '1400006666', SignName: '零售演示', TemplateId: '1234567', TemplateParamSet: ['654321', '5'], PhoneNumberSet: ['+8613800000001'],
  });
  t.same([headers['x-tc-action'], headers['x-tc-version'], headers['x-tc-region'], headers['x-tc-timestamp']], ['SendSms', '2021-01-11', 'ap-guangzhou', String(NOW / 1000)]);
  t.equal(headers['content-type'], 'application/json; charset=utf-8');
  const expected = signTc3({ ...account, service: 'sms', host: TENCENT_SMS_HOST, contentType: 'application/json; charset=utf-8', payload: body, timestamp: NOW / 1000 });
  t.equal(headers.authorization, expected.authorization, 'signed over the bytes sent');
  t.match(headers.authorization, /Credential=AKIDtestsecretid0000000000000000ABCD\/2026-11-27\/sms\/tc3_request, SignedHeaders=content-type;host, /);
});

t.test('a refused call (Response.Error) names Tencent\'s code', async (t) => {
  nock(`https://${TENCENT_SMS_HOST}`).post('/').reply(200, { Response: {
    Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' }, RequestId: 'r-1',
  } });
  const error = await refusal(send());
  t.equal(error.code, 'LS_SMS_SEND_FAILED');
  t.equal(error.statusCode, 502);
  t.match(error.message, /AuthFailure\.SignatureFailure/);
  t.same(error.extra, { provider: 'tencent', vendorCode: 'AuthFailure.SignatureFailure', vendorMessage: 'The provided credentials could not be validated.', requestId: 'r-1' });
});

t.test('a message not sent (SendStatusSet Code other than Ok) names Tencent\'s code, and the phone when it is at fault', async (t) => {
  nock(`https://${TENCENT_SMS_HOST}`).post('/').reply(200, { Response: {
    SendStatusSet: [{ SerialNo: '', PhoneNumber: '+8613800000001', Fee: 0, Code: 'FailedOperation.SignatureIncorrectOrUnapproved', Message: 'signature not approved' }], RequestId: 'r-2',
  } });
  const unapproved = await refusal(send());
  t.equal(unapproved.code, 'LS_SMS_SEND_FAILED');
  t.equal(unapproved.extra?.vendorCode, 'FailedOperation.SignatureIncorrectOrUnapproved');
  t.equal(unapproved.field, undefined);

  nock(`https://${TENCENT_SMS_HOST}`).post('/').reply(200, { Response: {
    SendStatusSet: [{ SerialNo: '', PhoneNumber: '+8613800000001', Fee: 0, Code: 'LimitExceeded.PhoneNumberDailyLimit', Message: 'daily limit' }], RequestId: 'r-3',
  } });
  const limited = await refusal(send());
  t.equal(limited.field, 'phone');
});

t.test('no answer, or not Tencent\'s: unavailable', async (t) => {
  nock(`https://${TENCENT_SMS_HOST}`).post('/').replyWithError('connection reset');
  t.equal((await refusal(send())).code, 'LS_SMS_UNAVAILABLE');
  nock(`https://${TENCENT_SMS_HOST}`).post('/').reply(502, { message: 'bad gateway' });
  t.equal((await refusal(send())).code, 'LS_SMS_UNAVAILABLE');
  t.ok(nock.isDone(), 'every call was made');
});
