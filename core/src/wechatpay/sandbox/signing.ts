/**
 * Both directions of APIv3 authentication, as WeChat does them: every /v3 request must carry a
 * valid `Authorization: WECHATPAY2-SHA256-RSA2048 …` from a registered merchant certificate,
 * and every answer is signed (Wechatpay-Timestamp/Nonce/Signature/Serial).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.ts';
import { findMerchantKey, findServiceProvider, type ServiceProvider } from './merchants.ts';
import type { PlatformKey } from './platform.ts';
import { wx } from './wechat-error.ts';
import { parseAuthorization, randomNonce, requestMessage, responseMessage, rsaSign, rsaVerify } from './wire.ts';

/** The key that signs for this merchant: the platform certificate's, or the public key's in public-key mode. */
export async function signingKeyFor(ctx: SandboxContext, mchid: string | null): Promise<PlatformKey> {
  const identity = await ctx.platform();
  if (!mchid) return identity.certificate;
  const sp = await findServiceProvider(ctx, ctx.knex, mchid);
  return sp?.verifyMode === 'public_key' ? identity.publicKey : identity.certificate;
}

interface RequestState {
  rawBody: string;
  merchant: ServiceProvider | null;
  /** The mchid the caller claimed, trusted or not: decides the answer's signing key. */
  claimedMchid: string | null;
}

const states = new WeakMap<FastifyRequest, RequestState>();

function stateOf(request: FastifyRequest): RequestState {
  let state = states.get(request);
  if (!state) {
    state = { rawBody: '', merchant: null, claimedMchid: null };
    states.set(request, state);
  }
  return state;
}

/** Keeps the body exactly as received: the signature covers these bytes, not a re-serialisation. */
export function rememberRawBody(request: FastifyRequest, raw: string): void {
  stateOf(request).rawBody = raw;
}

/** The authenticated service provider of a /v3 request (set by verifyRequest). */
export function merchantOf(request: FastifyRequest): ServiceProvider {
  const merchant = states.get(request)?.merchant;
  if (!merchant) throw wx.signError('请求未通过签名验证');
  return merchant;
}

/**
 * The URL the merchant signed: the path and query as sent to WeChat, i.e. without the prefix
 * the sandbox is mounted under. A client that signs the full path it requested is accepted too.
 */
function signedUrls(request: FastifyRequest, mountPrefix: string): string[] {
  const url = request.url;
  return mountPrefix && url.startsWith(`${mountPrefix}/`) ? [url.slice(mountPrefix.length), url] : [url];
}

/** preValidation hook of the /v3 routes: the request is rejected with 401 SIGN_ERROR unless it verifies. */
export async function verifyRequest(ctx: SandboxContext, mountPrefix: string, request: FastifyRequest): Promise<void> {
  const state = stateOf(request);
  const auth = parseAuthorization(request.headers.authorization);
  if (!auth) throw wx.signError('Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》');
  state.claimedMchid = auth.mchid;
  if (!/^\d{1,12}$/.test(auth.timestamp)) throw wx.signError('Http头Authorization中的timestamp不是合法的时间戳');
  const skew = Math.abs(Math.floor(Date.now() / 1000) - Number(auth.timestamp));
  if (skew > ctx.settings.maxClockSkewSeconds) throw wx.signError('Http头Authorization中的timestamp与当前时间相差超过5分钟');
  const merchant = await findServiceProvider(ctx, ctx.knex, auth.mchid);
  if (!merchant) throw wx.signError(`商户号${auth.mchid}未在沙箱登记`);
  const publicKey = await findMerchantKey(ctx.knex, auth.mchid, auth.serial_no);
  if (!publicKey) throw wx.signError(`商户证书序列号${auth.serial_no}不存在或已失效`);
  const verified = signedUrls(request, mountPrefix).some((url) =>
    rsaVerify(requestMessage(request.method, url, auth.timestamp, auth.nonce_str, state.rawBody), auth.signature, publicKey));
  if (!verified) throw wx.signError('签名错误，请检查后再试');
  state.merchant = merchant;
}

/** onSend hook of the /v3 routes: signs whatever leaves, errors included. */
export async function signResponse(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
  const state = states.get(request);
  const identity = await ctx.platform();
  const key = state?.merchant
    ? (state.merchant.verifyMode === 'public_key' ? identity.publicKey : identity.certificate)
    : await signingKeyFor(ctx, state?.claimedMchid ?? null).catch(() => identity.certificate);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomNonce(32);
  reply.header('request-id', request.id ?? randomUUID());
  reply.header('wechatpay-nonce', nonce);
  reply.header('wechatpay-serial', key.keyId);
  reply.header('wechatpay-signature', rsaSign(responseMessage(timestamp, nonce, body), key.privateKey));
  reply.header('wechatpay-timestamp', timestamp);
  return payload;
}
