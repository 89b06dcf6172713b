/**
 * What a code uploaded in code mode `upload` may be, shared by the API (codes.routes.ts) and the
 * admin page (ui-src/parts/code-upload.tsx). WeChat allows 1–32 of `0-9 a-z A-Z - _ \ / = |`; we
 * keep to letters and digits, which checkout, the till's scanner and a printed barcode take as they are.
 */
export const UPLOAD_CODE_PATTERN = '^[0-9A-Za-z]{1,32}$';
export const UPLOAD_CODE = new RegExp(UPLOAD_CODE_PATTERN);
/** WeChat takes at most 200 codes an upload (上传预存code); the admin page sends a longer list in batches. */
export const UPLOAD_BATCH = 200;
