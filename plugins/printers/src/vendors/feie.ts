import { createHash } from 'node:crypto';
import { feieMarkup } from '../markup.ts';
import type { ReceiptLine } from '../receipt.ts';
import { postForm, vendorRefused } from './vendor-http.ts';
import type { PrinterVendor, VendorStatus } from './vendor.ts';

export const FEIE_URL = 'http://api.feieyun.cn/Api/Open/';

/** The merchant's Feie account (飞鹅云 USER and UKEY, from the plugin's settings). */
export interface FeieAccount {
  user: string;
  ukey: string;
}

/** sig = sha1_hex(user + UKEY + stime), lower-case (research notes §1). */
export function feieSignature(user: string, ukey: string, stime: string): string {
  return createHash('sha1').update(`${user}${ukey}${stime}`).digest('hex');
}

/** Feie's `no` list reads `sn#…（错误：识别码不正确）`: the reason in brackets, else the whole entry. */
const reasonOf = (entry: string) => /（(?:错误：)?(.+?)）\s*$/.exec(entry)?.[1] ?? entry;

/**
 * Feie's one endpoint: `apiname` picks the operation, every call signed with user, stime and sig.
 * `ret` other than 0 is a refusal with Feie's message.
 */
export class FeieClient implements PrinterVendor {
  readonly #account: FeieAccount;
  readonly #now: () => number;

  constructor(account: FeieAccount, now: () => number = Date.now) {
    this.#account = account;
    this.#now = now;
  }

  async call(apiname: string, params: Record<string, string>): Promise<unknown> {
    const { user, ukey } = this.#account;
    const stime = String(Math.floor(this.#now() / 1000));
    const answer = await postForm('feie', FEIE_URL, { user, stime, sig: feieSignature(user, ukey, stime), apiname, ...params });
    if (answer.ret !== 0) throw vendorRefused('feie', String(answer.msg ?? 'error'), String(answer.ret));
    return answer.data;
  }

  /** Open_printerAddlist with one `sn#key#name` line; a printer listed under `no` was refused. */
  async register(printer: { sn: string; key: string; name: string }): Promise<void> {
    const data = await this.call('Open_printerAddlist', { printerContent: `${printer.sn}#${printer.key}#${printer.name}` }) as { no?: string[] } | null;
    const refused = data?.no?.[0];
    if (refused) throw vendorRefused('feie', reasonOf(refused), 'printerAddlist');
  }

  async remove(sn: string): Promise<void> {
    const data = await this.call('Open_printerDelList', { snlist: sn }) as { no?: string[] } | null;
    const refused = data?.no?.[0];
    if (refused) throw vendorRefused('feie', reasonOf(refused), 'printerDelList');
  }

  /** Open_printMsg: the copies are Feie's `times`; answers Feie's print order id. */
  async print(sn: string, lines: ReceiptLine[], options: { copies: number }): Promise<string> {
    return String(await this.call('Open_printMsg', { sn, content: feieMarkup(lines), times: String(options.copies) }));
  }

  /** Open_queryPrinterStatus: 离线, 在线，工作状态正常 or 在线，工作状态不正常. */
  async status(sn: string): Promise<VendorStatus> {
    const text = String(await this.call('Open_queryPrinterStatus', { sn }));
    return { online: text.startsWith('离线') ? false : text.startsWith('在线') ? true : null, normal: text.includes('正常') && !text.includes('不正常'), text };
  }
}
