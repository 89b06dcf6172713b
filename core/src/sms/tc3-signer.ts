import { createHash, createHmac } from 'node:crypto';

/**
 * Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256 ("Signature v3" in every Tencent Cloud
 * product's API docs, e.g. https://www.tencentcloud.com/document/api/382/40467). Only the POST
 * JSON form is built: an empty query string and the two headers every call must sign,
 * content-type and host.
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
const SIGNED_HEADERS = 'content-type;host';

export interface Tc3Input {
  secretId: string;
  secretKey: string;
  /** The product, the first label of its host: `sms` for sms.tencentcloudapi.com. */
  service: string;
  host: string;
  /** The Content-Type header exactly as sent. */
  contentType: string;
  /** The body exactly as sent. */
  payload: string;
  /** Unix seconds; the credential's date is its UTC day, which Tencent Cloud checks against it. */
  timestamp: number;
}

export interface Tc3Signature {
  authorization: string;
  /** The intermediate values, kept so a test can compare each step with the docs' example. */
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** The UTC calendar day of a Unix timestamp: a local (UTC+8) day breaks every call after midnight. */
export function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function signTc3(input: Tc3Input): Tc3Signature {
  const canonicalHeaders = `content-type:${input.contentType.toLowerCase()}\nhost:${input.host.toLowerCase()}\n`;
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, SIGNED_HEADERS, sha256Hex(input.payload)].join('\n');
  const date = utcDate(input.timestamp);
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [TC3_ALGORITHM, String(input.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    authorization: `${TC3_ALGORITHM} Credential=${input.secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
    canonicalRequest, stringToSign, signature,
  };
}
