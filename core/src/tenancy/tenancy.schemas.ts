import { objectSchema, text, uuid, timestamp } from '../http/schemas.ts';

const mchid = { type: 'string', pattern: '^[0-9]{8,12}$', maxLength: 12 } as const;
const appid = { type: 'string', pattern: '^wx[0-9a-f]{16}$' } as const;
const pem = text(16_384, 1);

/** Partner parameters as written; the secret fields are write-only. */
export const partnerInput = objectSchema({
  name: text(100, 1),
  spMchid: mchid,
  spAppid: appid,
  officialAppid: appid,
  apiCertSerial: { type: 'string', pattern: '^[0-9A-Fa-f]{8,64}$' },
  apiCertificate: pem,
  platformCertificate: pem,
  wechatpayPublicKeyId: text(64, 1),
  wechatpayPublicKey: pem,
  apiv3Key: { type: 'string', minLength: 32, maxLength: 32 },
  apiv2Key: { type: 'string', minLength: 32, maxLength: 32 },
  apiPrivateKey: pem,
  /** Where its calls go: WeChat Pay, or this server's sandbox (docs/wechatpay-sandbox.md). */
  wechatpayApi: { type: 'string', enum: ['production', 'sandbox'] },
}, ['name']);

/** Partner parameters as read: secrets reduced to whether they are set. */
export const partnerOutput = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    spMchid: { type: ['string', 'null'] },
    spAppid: { type: ['string', 'null'] },
    officialAppid: { type: ['string', 'null'] },
    apiCertSerial: { type: ['string', 'null'] },
    hasApiCertificate: { type: 'boolean' },
    hasPlatformCertificate: { type: 'boolean' },
    wechatpayPublicKeyId: { type: ['string', 'null'] },
    hasWechatpayPublicKey: { type: 'boolean' },
    hasApiv3Key: { type: 'boolean' },
    hasApiv2Key: { type: 'boolean' },
    hasApiPrivateKey: { type: 'boolean' },
    wechatpayApi: { type: 'string', enum: ['production', 'sandbox'] },
    createdAt: timestamp,
  },
} as const;

export const merchantInput = objectSchema({
  name: text(100, 1),
  partnerId: uuid,
  subMchid: mchid,
  subAppid: appid,
  admin: objectSchema({
    username: { type: 'string', pattern: '^[A-Za-z0-9_.@-]{3,64}$' },
    password: text(200, 8),
    name: text(40, 1),
    phone: text(32),
  }, ['username', 'password', 'name']),
}, ['name', 'admin']);

export const merchantUpdate = objectSchema({
  name: text(100, 1),
  partnerId: { type: ['string', 'null'], format: 'uuid' },
  subMchid: { ...mchid, type: ['string', 'null'] },
  subAppid: { ...appid, type: ['string', 'null'] },
  status: { type: 'string', enum: ['active', 'suspended'] },
});

export const merchantOutput = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    partnerId: { type: ['string', 'null'] },
    subMchid: { type: ['string', 'null'] },
    subAppid: { type: ['string', 'null'] },
    status: { type: 'string' },
    createdAt: timestamp,
  },
} as const;
