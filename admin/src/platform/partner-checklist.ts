/** A partner as the API shows it: secrets only as whether they are set. */
export interface Partner {
  id: string; name: string; spMchid: string | null; spAppid: string | null; officialAppid: string | null;
  apiCertSerial: string | null; hasApiCertificate: boolean; hasApiPrivateKey: boolean; hasApiv3Key: boolean;
  hasPlatformCertificate: boolean; hasWechatpayPublicKey: boolean; wechatpayPublicKeyId: string | null;
  wechatpayApi: 'production' | 'sandbox'; createdAt: string;
}

export interface ChecklistItem {
  /** i18n key under `partners.` and the field of PATCH /platform/partners/:id that sets it. */
  key: 'mchid' | 'appid' | 'certificate' | 'privateKey' | 'serialNo' | 'apiV3Key';
  field: string;
  ok: boolean;
  /** A value safe to show; secrets never have one. */
  shown?: string | null;
  secret: boolean;
}

/** The service-provider parameters seed body §一 asks for, in the manual's order. */
export function checklist(p: Partner): ChecklistItem[] {
  return [
    { key: 'mchid', field: 'spMchid', ok: Boolean(p.spMchid), shown: p.spMchid, secret: false },
    { key: 'certificate', field: 'apiCertificate', ok: p.hasApiCertificate, secret: true },
    { key: 'privateKey', field: 'apiPrivateKey', ok: p.hasApiPrivateKey, secret: true },
    { key: 'serialNo', field: 'apiCertSerial', ok: Boolean(p.apiCertSerial), shown: p.apiCertSerial, secret: false },
    { key: 'apiV3Key', field: 'apiv3Key', ok: p.hasApiv3Key, secret: true },
    { key: 'appid', field: 'officialAppid', ok: Boolean(p.officialAppid), shown: p.officialAppid, secret: false },
  ];
}
