import semver from 'semver';
import { bodyAjv, fieldOf, describe } from '../../http/validation.ts';
import { capabilities } from './capabilities.ts';
import type { PluginDefinition } from './plugin-definition.ts';

const label = { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } } };

/** The shape of a plugin declaration, checked with ajv when the plugin is loaded. */
const manifestSchema = {
  type: 'object',
  required: ['id', 'version', 'kernel', 'name'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 40 },
    version: { type: 'string', minLength: 1 },
    kernel: { type: 'string', minLength: 1 },
    name: label,
    description: label,
    icon: { type: 'string', maxLength: 64 },
    requires: { type: 'object', additionalProperties: { type: 'string' } },
    permissions: { type: 'array', uniqueItems: true, items: { type: 'string', enum: Object.keys(capabilities) } },
    config: { type: 'object', required: ['type', 'properties'], properties: { type: { const: 'object' }, properties: { type: 'object' } } },
    migrations: { type: 'string', minLength: 1 },
    admin: { type: 'object' },
    pos: {
      type: 'object',
      properties: {
        // The till POSTs { storeId, orderId?, cart? } to the plain path (docs/plugins.md "Till actions").
        actions: {
          type: 'array',
          items: {
            type: 'object', required: ['key', 'label', 'route'],
            properties: {
              key: { type: 'string', pattern: '^[a-z0-9-]+$' }, label,
              route: { type: 'string', pattern: '^/[A-Za-z0-9/_.-]*$' },
              hotkey: { type: 'string', pattern: '^(F([1-9]|1[0-2])|Alt\\+[A-Za-z0-9])$' },
            },
          },
        },
      },
    },
    mall: { type: 'object' },
    jobs: { type: 'array' },
    events: { type: 'object' },
    paymentMethods: { type: 'array' },
  },
};

const validate = bodyAjv.compile(manifestSchema);

/** Problems with a declaration, each naming the field; an empty list means it is well formed. */
export function manifestProblems(definition: PluginDefinition): string[] {
  const problems: string[] = [];
  if (!validate(definition)) {
    for (const error of validate.errors ?? []) problems.push(describe(error, fieldOf(error)));
    return problems;
  }
  if (!semver.valid(definition.version)) problems.push(`version "${definition.version}" is not a semantic version`);
  if (!semver.validRange(definition.kernel)) problems.push(`kernel "${definition.kernel}" is not a version range`);
  for (const [id, range] of Object.entries(definition.requires ?? {})) {
    if (!semver.validRange(range)) problems.push(`requires.${id} "${range}" is not a version range`);
    if (id === definition.id) problems.push('a plugin cannot require itself');
  }
  if (definition.config) {
    try {
      bodyAjv.compile(definition.config);
    } catch (error) {
      problems.push(`config is not a valid JSON Schema: ${(error as Error).message}`);
    }
  }
  for (const key of ['hooks', 'routes', 'validateConfig', 'install', 'upgrade', 'uninstall', 'enable', 'disable'] as const) {
    if (definition[key] !== undefined && typeof definition[key] !== 'function') problems.push(`${key} must be a function`);
  }
  for (const [event, consumer] of Object.entries(definition.events ?? {})) {
    if (typeof consumer !== 'function') problems.push(`events.${event} must be a function`);
  }
  return problems;
}
