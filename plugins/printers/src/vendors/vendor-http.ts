import { errors } from '../errors.ts';

export type Brand = 'feie' | 'yilianyun';

/** A vendor call gets this long to answer: consumers call from inside a transaction. */
const TIMEOUT_MS = 10_000;

/**
 * POSTs a form to a printer cloud and returns its JSON answer. No answer, an HTTP error or a body
 * that is not JSON is LS_PRINTERS_VENDOR_UNAVAILABLE (502); the vendor's own refusals are read by
 * each client from the JSON.
 */
export async function postForm(vendor: Brand, url: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    throw errors.LS_PRINTERS_VENDOR_UNAVAILABLE(`${vendor}: no answer (${(cause as Error)?.message ?? cause})`, { cause, extra: { vendor } });
  }
  const text = await response.text();
  if (!response.ok) {
    throw errors.LS_PRINTERS_VENDOR_UNAVAILABLE(`${vendor}: HTTP ${response.status}`, { extra: { vendor, httpStatus: response.status } });
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw errors.LS_PRINTERS_VENDOR_UNAVAILABLE(`${vendor}: an answer that is not JSON`, { cause, extra: { vendor } });
  }
}

/** The vendor said no: its message, for the merchant to read. */
export function vendorRefused(vendor: Brand, message: string, vendorCode: string | number) {
  return errors.LS_PRINTERS_VENDOR_REFUSED(`${vendor}: ${message}`, { extra: { vendor, vendorCode: String(vendorCode), vendorMessage: message } });
}
