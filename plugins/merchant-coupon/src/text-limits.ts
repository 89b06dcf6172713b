import { errors } from './errors.ts';

/**
 * The manual counts a Latin letter or digit as 1 and a Chinese character as 3 (seed 4.9 §四:
 * 一个英文字母等于一个字符, 一个中文汉字等于三个字符): that is UTF-8 bytes, so an emoji counts 4.
 */
export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** WeChat counts characters (一个中文汉字/英文字母/数字均占用一个字数): code points. */
export const characters = (text: string): number => [...text].length;

/** Both limits of a text field: the manual's (bytes) and WeChat's (characters). */
export interface TextLimit {
  field: string;
  maxBytes: number;
  maxCharacters: number;
}

export const NAME_LIMIT: TextLimit = { field: 'name', maxBytes: 20, maxCharacters: 21 };
export const SCOPE_LIMIT: TextLimit = { field: 'scopeText', maxBytes: 15, maxCharacters: 15 };

/** The first limit the text breaks, or null: what the API refuses and the admin's counter shows. */
export function limitBroken(text: string, limit: TextLimit): { unit: 'bytes' | 'characters'; limit: number; length: number } | null {
  const bytes = utf8Bytes(text);
  if (bytes > limit.maxBytes) return { unit: 'bytes', limit: limit.maxBytes, length: bytes };
  const chars = characters(text);
  if (chars > limit.maxCharacters) return { unit: 'characters', limit: limit.maxCharacters, length: chars };
  return null;
}

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
