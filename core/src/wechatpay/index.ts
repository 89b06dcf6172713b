/** WeChat Pay APIv3 client for service-provider (partner) mode. What each file does: README.md. */
export * from './credentials.ts';
export * from './signer.ts';
export * from './verify.ts';
export * from './aead.ts';
export * from './v2-sign.ts';
export * from './client.ts';
export * from './types.ts';
export * from './payments.ts';
export * from './refunds.ts';
export * from './notifications.ts';
export * from './certificates.ts';
export * from './busifavor.ts';
export * from './favor.ts';
export * from './callbacks.ts';
