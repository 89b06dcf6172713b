import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';

export const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 200 } },
} as const;

export interface Outcome<T> {
  statusCode: number;
  body: T;
}

/**
 * Runs a money-moving request at most once per Idempotency-Key, inside the request's
 * transaction. The key row is inserted first: a concurrent request with the same key waits on
 * it, then replays the stored response; a different request with the same key is a 409.
 */
export async function idempotent<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  trx: Trx,
  tenantId: string,
  run: () => Promise<Outcome<T>>,
): Promise<T> {
  const key = request.headers['idempotency-key'];
  const apply = (outcome: Outcome<T>) => {
    reply.code(outcome.statusCode);
    return outcome.body;
  };
  if (typeof key !== 'string') return apply(await run());
  const scope = `${request.method} ${request.routeOptions.url}`;
  const requestHash = createHash('sha256').update(scope).update(JSON.stringify(request.params ?? {}))
    .update(JSON.stringify(request.body ?? null)).digest('hex');
  const claimed = await trx.raw(
    `insert into idempotency_keys (tenant_id, key, scope, request_hash, status_code, response)
     values (?, ?, ?, ?, 0, 'null') on conflict do nothing returning key`,
    [tenantId, key, scope, requestHash],
  );
  if (claimed.rows.length === 0) {
    const stored = await trx('idempotency_keys').where({ key }).first();
    if (stored.scope !== scope || stored.request_hash !== requestHash) {
      throw errors.LS_IDEMPOTENCY_KEY_REUSED(undefined, { field: 'Idempotency-Key' });
    }
    reply.header('idempotent-replayed', 'true');
    return apply({ statusCode: stored.status_code as number, body: stored.response as T });
  }
  const outcome = await run();
  await trx('idempotency_keys').where({ key }).update({ status_code: outcome.statusCode, response: JSON.stringify(outcome.body) });
  return apply(outcome);
}
