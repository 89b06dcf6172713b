import t from 'tap';
import { signTc3, utcDate } from './tc3-signer.ts';

/**
 * The worked example of Tencent Cloud's "Signature v3" page (API 3.0, TC3-HMAC-SHA256), section
 * "Calculating the Signature": CVM DescribeInstances signed at 1551113065 with the example key
 * pair; each intermediate value below is the one the page prints.
 */
const example = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  contentType: 'application/json; charset=utf-8',
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  timestamp: 1551113065,
};

t.test('the documented example, step by step', async (t) => {
  const signed = signTc3(example);
  t.equal(signed.canonicalRequest, [
    'POST', '/', '', 'content-type:application/json; charset=utf-8', 'host:cvm.tencentcloudapi.com', '',
    'content-type;host', '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
  ].join('\n'));
  t.equal(signed.stringToSign, [
    'TC3-HMAC-SHA256', '1551113065', '2019-02-25/cvm/tc3_request', '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
  ].join('\n'));
  t.equal(signed.signature, '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  t.equal(signed.authorization, 'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, '
    + 'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
});

t.test('the credential date is the UTC day, not Beijing\'s', async (t) => {
  // 00:44 on 2019-02-26 in Beijing is still the 25th in UTC (the page's own warning).
  t.equal(utcDate(1551113065), '2019-02-25');
  t.not(signTc3({ ...example, secretKey: 'another' }).signature, signTc3(example).signature, 'the key changes the signature');
});
