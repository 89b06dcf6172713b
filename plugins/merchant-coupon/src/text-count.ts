/**
 * The text limits of a coupon, free of server code so the admin page's live counter
 * (ui-src/coupons.tsx) is bundled from the very rules the API enforces (text-limits.ts).
 */

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
