import { errors } from './errors.ts';
import { limitBroken, type TextLimit } from './text-count.ts';

export { characters, limitBroken, NAME_LIMIT, SCOPE_LIMIT, utf8Bytes, type TextLimit } from './text-count.ts';

/** Refuses a text over either limit, naming the field, the limit and its unit. */
export function checkText(text: string, limit: TextLimit, at = limit.field): void {
  if (text.trim().length === 0) throw errors.LS_MERCHANT_COUPON_INPUT_INVALID(`${at} cannot be empty`, { field: at });
  const broken = limitBroken(text, limit);
  if (!broken) return;
  const rule = broken.unit === 'bytes'
    ? `${limit.maxBytes} (a Latin letter or digit counts 1, a Chinese character 3)`
    : `${limit.maxCharacters} characters (WeChat's limit)`;
  throw errors.LS_MERCHANT_COUPON_TEXT_TOO_LONG(`${at} is ${broken.length} ${broken.unit} long; at most ${rule}`, {
    field: at, extra: { ...broken },
  });
}
