import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errors, LingshouError } from '../errors.ts';
import { inputError } from './validation.ts';

/** Maps database errors we expect (a unique key, a guarded ledger) onto the catalogue. */
interface PgError { code?: string; constraint?: string; table?: string }

/** `skus_tenant_id_barcode_unique` on table `skus` → `barcode`. */
function uniqueField(error: PgError): string | undefined {
  if (!error.constraint || !error.table || !error.constraint.startsWith(`${error.table}_`)) return undefined;
  return error.constraint.slice(error.table.length + 1).replace(/^tenant_id_/, '').replace(/_unique$/, '').replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
}

function fromDatabase(error: PgError): LingshouError | null {
  switch (error.code) {
    case '23505': {
      const field = uniqueField(error);
      return errors.LS_RESOURCE_CONFLICT(field ? `${field} is already used` : 'Already exists', { cause: error, ...(field ? { field } : {}) });
    }
    case '23503': return errors.LS_RESOURCE_IN_USE(`Refers to or is referred to by another record (${error.constraint ?? 'foreign key'})`, { cause: error });
    case '23514': return errors.LS_RESOURCE_CONFLICT(`A rule of the data was broken (${error.constraint ?? 'check'})`, { cause: error });
    case '22P02': return errors.LS_INPUT_INVALID('A value has the wrong format', { cause: error });
    default: return null;
  }
}

export function toLingshouError(error: unknown): LingshouError {
  if (error instanceof LingshouError) return error;
  const fastifyError = error as FastifyError & { code?: string };
  if (fastifyError.validation) return inputError(fastifyError.validationContext ?? 'body', fastifyError.validation as never);
  const fromDb = fromDatabase(error as PgError);
  if (fromDb) return fromDb;
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    if (status === 429) return errors.LS_AUTH_RATE_LIMITED(fastifyError.message);
    if (status === 415) return errors.LS_INPUT_UNSUPPORTED_FILE(fastifyError.message);
    if (status === 404) return errors.LS_RESOURCE_NOT_FOUND(fastifyError.message);
    return errors.LS_INPUT_INVALID(fastifyError.message, { cause: error });
  }
  return errors.LS_INTERNAL(undefined, { cause: error });
}

/** Every error leaves as application/problem+json (RFC 9457) with a stable `code`. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toLingshouError(error);
  if (problem.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: problem.code, field: problem.field }, problem.message);
  return reply
    .code(problem.statusCode)
    .type('application/problem+json')
    .serializer(JSON.stringify)
    .send({
      type: `https://lingshou.dev/errors/${problem.code}`,
      // Internal errors never show their message; a named failure (a plugin's) does.
      title: problem.code === 'LS_INTERNAL' ? errors.LS_INTERNAL.title : problem.message,
      status: problem.statusCode,
      code: problem.code,
      ...(problem.field === undefined ? {} : { field: problem.field }),
      instance: request.url,
      requestId: request.id,
      ...(problem.extra ?? {}),
    });
}
