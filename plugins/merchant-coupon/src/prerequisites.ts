import { LingshouError, type PluginContext } from '@lingshou/plugin-sdk';

/** valid: checked and usable; missing: not set; invalid: set but unusable; unchecked: an earlier item keeps it from being read. */
export type PrerequisiteState = 'valid' | 'missing' | 'invalid' | 'unchecked';

export interface Prerequisite {
  key: string;
  label: string;
  state: PrerequisiteState;
}

export interface PrerequisiteChecklist {
  /** Every item valid: coupons can be created and claimed. */
  ready: boolean;
  /** The partner runs in the WeChat Pay sandbox (null when there is no binding to tell). */
  sandbox: boolean | null;
  items: Prerequisite[];
  /** Why the kernel refused the binding, when it did (never a secret). */
  message: string | null;
}

/**
 * The manual's service-provider prerequisites (seed 4.9 一、合伙人参数配置 and the note on the
 * official account), each with the names the kernel's credential check reports it under.
 */
const ITEMS: { key: string; label: string; names: string[] }[] = [
  { key: 'partner', label: '商户已绑定服务商（合伙人）', names: ['partner'] },
  { key: 'apiCertificate', label: '服务商 API 证书（私钥）', names: ['privateKeyPem'] },
  { key: 'apiCertSerial', label: 'API 证书序列号', names: ['apiCertSerial'] },
  { key: 'apiv3Key', label: 'APIv3 密钥', names: ['apiv3Key'] },
  { key: 'officialAccount', label: '服务商公众号 AppID', names: ['spAppid'] },
  { key: 'verification', label: '微信支付平台证书或公钥', names: ['platformCertificates|wechatpayPublicKey', 'platformCertificates', 'wechatpayPublicKey', 'wechatpayPublicKeyId'] },
  { key: 'apiv2Key', label: 'APIv2 密钥（小程序发券签名）', names: ['apiv2Key'] },
  { key: 'subMchid', label: '商户的子商户号 sub_mchid', names: ['sub_mchid'] },
];

const PARTNER_CREDENTIALS = new Set(['apiCertificate', 'apiCertSerial', 'apiv3Key', 'officialAccount', 'verification']);

/**
 * What ctx.kernel.wechatpay tells this merchant about its WeChat Pay set-up. A binding that
 * loads means every credential the kernel requires is present and valid; a refusal
 * (LS_WECHATPAY_NOT_CONFIGURED) lists what is `missing` and `invalid`. Only states leave here:
 * the facade's client holds secrets, and nothing of them is read but whether one is set.
 */
export async function prerequisiteChecklist(ctx: PluginContext): Promise<PrerequisiteChecklist> {
  try {
    const binding = await ctx.kernel.wechatpay.binding();
    const { credentials } = await ctx.kernel.wechatpay.client();
    const items = ITEMS.map(({ key, label }) => ({ key, label, state: (key === 'apiv2Key' && !credentials.apiv2Key ? 'missing' : 'valid') as PrerequisiteState }));
    return { ready: items.every((item) => item.state === 'valid'), sandbox: binding.sandbox, items, message: null };
  } catch (error) {
    if (!(error instanceof LingshouError) || error.code !== 'LS_WECHATPAY_NOT_CONFIGURED') throw error;
    const missing = new Set((error.extra?.missing as string[] | undefined) ?? []);
    const invalid = new Set((error.extra?.invalid as string[] | undefined) ?? []);
    // The kernel checks the binding first (partner, sub_mchid), then the partner's credentials all at once.
    const credentialsChecked = missing.size + invalid.size > 0 && !missing.has('partner') && !missing.has('sub_mchid');
    const items = ITEMS.map(({ key, label, names }): Prerequisite => {
      const state: PrerequisiteState = names.some((name) => missing.has(name)) ? 'missing'
        : names.some((name) => invalid.has(name)) ? 'invalid'
          : key === 'partner' ? 'valid'
            : key === 'subMchid' ? (missing.has('partner') ? 'unchecked' : 'valid')
              : credentialsChecked && PARTNER_CREDENTIALS.has(key) ? 'valid' : 'unchecked';
      return { key, label, state };
    });
    return { ready: false, sandbox: null, items, message: error.message };
  }
}
