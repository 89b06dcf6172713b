import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, FastifySchema } from 'fastify';
import { errors, LingshouError } from '../errors.ts';

// ajv-formats is CommonJS; under ESM its function may sit on .default.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const common: Options = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false };

/** Bodies are typed JSON: a string where a number belongs is an error, never coerced. */
export const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
/** Query strings, params and headers are text on the wire, so they are coerced. */
export const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
};

/** `/lines/0/quantity` → `lines.0.quantity`, naming the missing property when there is one. */
export function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') segments.push(params.missingProperty);
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    segments.push(params.additionalProperty);
  }
  return segments.join('.');
}

export function describe(error: ErrorObject, field: string): string {
  const params = error.params as Record<string, unknown>;
  const name = field || 'the request';
  switch (error.keyword) {
    case 'required': return `${name} is required`;
    case 'additionalProperties': return `${name} is not a known field`;
    case 'type': return `${name} must be ${String(params.type)}`;
    case 'maxLength': return `${name} must be at most ${String(params.limit)} characters`;
    case 'minLength': return `${name} must be at least ${String(params.limit)} characters`;
    case 'minimum': return `${name} must be ≥ ${String(params.limit)}`;
    case 'maximum': return `${name} must be ≤ ${String(params.limit)}`;
    case 'enum': return `${name} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'format': return `${name} must be a valid ${String(params.format)}`;
    case 'maxItems': return `${name} must have at most ${String(params.limit)} items`;
    case 'minItems': return `${name} must have at least ${String(params.limit)} items`;
    default: return `${name} ${error.message ?? 'is invalid'}`;
  }
}

/** Turns ajv errors from one request part into the catalogue's input error. */
export function inputError(part: string, ajvErrors: ErrorObject[]): LingshouError {
  const first = ajvErrors[0];
  if (!first) return errors.LS_INPUT_INVALID();
  const field = fieldOf(first);
  return errors.LS_INPUT_INVALID(describe(first, field), {
    field,
    extra: { in: part, errors: ajvErrors.map((e) => ({ field: fieldOf(e), message: describe(e, fieldOf(e)) })) },
  });
}

/** Validates a value against a schema outside a route (settings documents, plugin config). */
export function validateDocument<T>(schema: object, value: unknown, part = 'body'): T {
  const validate = bodyAjv.compile(schema);
  const copy = structuredClone(value);
  if (!validate(copy)) throw inputError(part, validate.errors ?? []);
  return copy as T;
}
