import { errors } from '../errors.ts';
import type { PrintersConfig } from '../config.ts';
import type { ReceiptLine } from '../receipt.ts';
import { FeieClient } from './feie.ts';
import type { Brand } from './vendor-http.ts';
import { YilianyunClient } from './yilianyun.ts';

export type { Brand };

export interface VendorStatus {
  /** null: the cloud gave a state we do not know. */
  online: boolean | null;
  normal: boolean;
  /** The state as the cloud words it. */
  text: string;
}

/** What the plugin asks of a printer cloud, whichever brand. */
export interface PrinterVendor {
  register(printer: { sn: string; key: string; name: string }): Promise<void>;
  remove(sn: string): Promise<void>;
  /** Prints and answers the cloud's print order id. */
  print(sn: string, lines: ReceiptLine[], options: { copies: number; originId: string }): Promise<string>;
  status(sn: string): Promise<VendorStatus>;
}

/** The brand's client with the merchant's account from the settings, or a 409 naming what is missing. */
export function vendorFor(brand: Brand, config: PrintersConfig): PrinterVendor {
  if (brand === 'feie') {
    if (!config.feieUser || !config.feieUkey) throw errors.LS_PRINTERS_NOT_CONFIGURED('Set the Feie USER and UKEY in the plugin settings first', { field: 'brand' });
    return new FeieClient({ user: config.feieUser, ukey: config.feieUkey });
  }
  if (!config.yilianyunClientId || !config.yilianyunClientSecret) {
    throw errors.LS_PRINTERS_NOT_CONFIGURED('Set the Yilianyun client_id and client_secret in the plugin settings first', { field: 'brand' });
  }
  return new YilianyunClient({ clientId: config.yilianyunClientId, clientSecret: config.yilianyunClientSecret });
}
