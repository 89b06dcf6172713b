import { X509Certificate } from 'node:crypto';
import { errors } from '../errors.ts';
import { AeadError, decryptResource, type EncryptedResource } from './aead.ts';
import type { WechatpayClient } from './client.ts';
import type { PlatformCertificate } from './credentials.ts';

/**
 * `GET /v3/certificates`: the platform certificates currently valid for the merchant
 * (platform-certificate mode). Each comes encrypted with the APIv3 key (AAD `certificate`); it is
 * decrypted with a checked tag, parsed, and its serial must equal `serial_no`.
 *
 * The answer itself is signed by one of these certificates, possibly a new one we do not hold
 * yet: it is verified against the stored keys plus the certificates it carries. That is sound
 * because only WeChat (and we) know the APIv3 key that authenticates them.
 */

interface CertificatesBody {
  data: Array<{ serial_no: string; effective_time: string; expire_time: string; encrypt_certificate: EncryptedResource }>;
}

export interface DownloadedCertificate extends PlatformCertificate {
  effectiveTime: string;
  expireTime: string;
}

function decryptAll(raw: string, apiv3Key: string): DownloadedCertificate[] {
  let body: CertificatesBody;
  try {
    body = JSON.parse(raw) as CertificatesBody;
  } catch {
    throw errors.LS_WECHATPAY_SIGNATURE_INVALID('The certificate list is not JSON', { extra: { reason: 'malformed' } });
  }
  if (!Array.isArray(body?.data)) {
    throw errors.LS_WECHATPAY_SIGNATURE_INVALID('The certificate list has no data', { extra: { reason: 'malformed' } });
  }
  return body.data.map((item) => {
    let pem: string;
    try {
      pem = decryptResource(item.encrypt_certificate, apiv3Key);
    } catch (cause) {
      const reason = cause instanceof AeadError ? cause.reason : 'auth_failed';
      throw errors.LS_WECHATPAY_SIGNATURE_INVALID('A downloaded certificate cannot be decrypted', {
        cause, extra: { reason, serial: item.serial_no },
      });
    }
    let serial: string;
    try {
      serial = new X509Certificate(pem).serialNumber.toUpperCase();
    } catch (cause) {
      throw errors.LS_WECHATPAY_SIGNATURE_INVALID('A downloaded certificate is not a certificate', { cause, extra: { reason: 'malformed', serial: item.serial_no } });
    }
    if (serial !== String(item.serial_no).toUpperCase()) {
      throw errors.LS_WECHATPAY_SIGNATURE_INVALID('A downloaded certificate does not match its serial_no', {
        extra: { reason: 'serial_mismatch', serial: item.serial_no },
      });
    }
    return { serial, pem, effectiveTime: item.effective_time, expireTime: item.expire_time };
  });
}

/** Downloads, decrypts and checks the platform certificates. Persisting them is the caller's job. */
export async function downloadCertificates(
  client: WechatpayClient, options: { algorithm_type?: 'RSA' | 'SM2' | 'ALL' } = {},
): Promise<DownloadedCertificate[]> {
  let decrypted: DownloadedCertificate[] = [];
  await client.request<CertificatesBody>({
    method: 'GET',
    path: '/v3/certificates',
    ...(options.algorithm_type ? { query: { algorithm_type: options.algorithm_type } } : {}),
    trustFromBody: (raw) => {
      decrypted = decryptAll(raw, client.credentials.apiv3Key);
      return decrypted;
    },
  });
  return decrypted;
}
