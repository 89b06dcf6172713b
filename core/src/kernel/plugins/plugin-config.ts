import { openSecret, sealSecret } from '../../crypto/secrets.ts';
import { validateDocument } from '../../http/validation.ts';
import type { ConfigSchema } from './plugin-definition.ts';

const EMPTY_SCHEMA: ConfigSchema = { type: 'object', properties: {}, additionalProperties: false };

export function secretFields(schema: ConfigSchema | undefined): string[] {
  return Object.entries(schema?.properties ?? {}).filter(([, s]) => s['x-secret'] === true).map(([key]) => key);
}

/**
 * Validates a configuration a merchant saves and seals its secret fields. A secret left out
 * keeps the value saved before: the admin shows secrets masked and sends one only when re-entered.
 */
export function prepareConfig(
  schema: ConfigSchema | undefined, masterKey: Buffer, input: Record<string, unknown>, stored: Record<string, unknown>,
): { stored: Record<string, unknown>; plain: Record<string, unknown> } {
  const secrets = secretFields(schema);
  const plain: Record<string, unknown> = { ...input };
  for (const key of secrets) {
    if (plain[key] === undefined && typeof stored[key] === 'string') plain[key] = openSecret(masterKey, stored[key]);
  }
  const valid = validateDocument<Record<string, unknown>>({ additionalProperties: false, ...(schema ?? EMPTY_SCHEMA) }, plain, 'body');
  const sealed: Record<string, unknown> = { ...valid };
  for (const key of secrets) if (typeof valid[key] === 'string') sealed[key] = sealSecret(masterKey, valid[key]);
  return { stored: sealed, plain: valid };
}

/** The configuration as the plugin's code receives it: secrets decrypted. */
export function openConfig(schema: ConfigSchema | undefined, masterKey: Buffer, stored: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string, unknown> = { ...stored };
  for (const key of secretFields(schema)) if (typeof stored[key] === 'string') plain[key] = openSecret(masterKey, stored[key]);
  return plain;
}

/** The configuration as the API shows it: secrets never leave, only whether each is set. */
export function maskConfig(schema: ConfigSchema | undefined, stored: Record<string, unknown>) {
  const values: Record<string, unknown> = { ...stored };
  const secretsSet: string[] = [];
  for (const key of secretFields(schema)) {
    if (typeof values[key] === 'string') secretsSet.push(key);
    delete values[key];
  }
  return { values, secretsSet };
}
