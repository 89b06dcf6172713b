/** `@lingshou/plugin-sdk/verify`: the checks behind `lingshou-plugin verify`, for tools and tests. */
export { verifyPlugin, formatReport, type VerifyReport, type Check } from './verify.ts';
export { importProblems } from './imports.ts';
