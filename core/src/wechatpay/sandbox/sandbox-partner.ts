import type { FastifyInstance } from 'fastify';
import type { PartnerInput } from '../../tenancy/partners.service.ts';

export interface SandboxPartner {
  spMchid: string;
  spAppid: string;
  subMchids: string[];
  /** The partner's WeChat Pay parameters, pointed at this server's sandbox. */
  credentials: Partial<PartnerInput>;
}

/**
 * Mints a service provider (and its sub-merchants) in this server's sandbox and answers what a
 * partner record needs to call it: the demo's partner and the tests' are made this way.
 */
export async function provisionSandboxPartner(
  app: FastifyInstance, body: { name: string; spMchid?: string; spAppid?: string; subMerchants: { subMchid?: string; name: string; noCashAuthorized?: boolean }[] },
): Promise<SandboxPartner> {
  const res = await app.inject({ method: 'POST', url: '/sandbox/wechatpay/admin/service-providers/provision', payload: body });
  if (res.statusCode !== 201) throw new Error(`The WeChat Pay sandbox refused to provision ${body.name}: ${res.statusCode} ${res.body}`);
  const sp = res.json() as {
    spMchid: string; spAppid: string; apiCertSerial: string; apiCertificate: string; apiPrivateKey: string; apiv3Key: string; apiv2Key: string;
    platformCertificate: string; subMerchants: { subMchid: string }[];
  };
  return {
    spMchid: sp.spMchid, spAppid: sp.spAppid, subMchids: sp.subMerchants.map((sub) => sub.subMchid),
    credentials: {
      spMchid: sp.spMchid, spAppid: sp.spAppid, apiCertSerial: sp.apiCertSerial, apiCertificate: sp.apiCertificate,
      apiPrivateKey: sp.apiPrivateKey, apiv3Key: sp.apiv3Key, apiv2Key: sp.apiv2Key, platformCertificate: sp.platformCertificate,
      wechatpayApi: 'sandbox',
    },
  };
}
