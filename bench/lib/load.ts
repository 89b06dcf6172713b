import autocannon, { type AutocannonRequest } from 'autocannon';
import { percentile } from './stats.ts';

/** One HTTP request as a scenario builds it (a new one for every request sent). */
export interface LoadRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface LoadOptions {
  /** The server's base URL (http://127.0.0.1:port). */
  url: string;
  connections: number;
  durationSec: number;
  /** Called for every request: unique ids, a different cart, the right token... */
  next: () => LoadRequest;
  /** Per-request timeout (s); a timeout counts as a failure. */
  timeoutSec?: number;
  /** Sees every answer's status and body (to tell expected refusals from failures). */
  onResponse?: (status: number, body: string) => void;
  /** Asked after every answer: true ends the run before durationSec (which is then the most it lasts). */
  stopWhen?: () => boolean;
}

/** What one load run measured. Latencies are of every response, successful or not. */
export interface LoadResult {
  durationSec: number;
  responses: number;
  ok: number;
  /** Responses with a status outside 2xx. */
  non2xx: number;
  /** Connection errors and timeouts (no response at all). */
  errors: number;
  statusCodes: Record<string, number>;
  /** Successful responses per second. */
  throughput: number;
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number };
  /** The first few failed responses, for the report. */
  failures: string[];
}

/**
 * Drives the server with autocannon (closed loop: each connection sends its next request when
 * the previous one is answered) and measures every response itself, so p95 is exact.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const failures: string[] = [];
  const statusCodes: Record<string, number> = {};
  const origin = new URL(options.url);
  const request: AutocannonRequest = {
    setupRequest: (req) => {
      const made = options.next();
      const headers: Record<string, string> = { ...made.headers };
      if (made.body !== undefined) headers['content-type'] = 'application/json';
      return { ...req, method: made.method, path: made.path, headers, ...(made.body === undefined ? {} : { body: JSON.stringify(made.body) }) };
    },
    onResponse: (status, body) => {
      options.onResponse?.(status, body);
      if ((status < 200 || status >= 300) && failures.length < 5) failures.push(`${status} ${body.slice(0, 400)}`);
    },
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon({
      url: origin.origin,
      connections: options.connections,
      duration: options.durationSec,
      timeout: options.timeoutSec ?? 30,
      requests: [request],
    }, (error, result) => {
      if (error) return reject(error);
      const elapsed = Math.max((performance.now() - started) / 1000, result.duration || options.durationSec);
      const sorted = Float64Array.from(latencies).sort();
      const ok = Object.entries(statusCodes).filter(([code]) => code.startsWith('2')).reduce((sum, [, n]) => sum + n, 0);
      const responses = latencies.length;
      resolve({
        durationSec: elapsed,
        responses,
        ok,
        non2xx: responses - ok,
        errors: result.errors,
        statusCodes,
        throughput: ok / elapsed,
        latencyMs: {
          mean: responses ? latencies.reduce((a, b) => a + b, 0) / responses : NaN,
          p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN,
        },
        failures,
      });
    });
    let stopping = false;
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (!stopping && options.stopWhen?.()) {
        stopping = true;
        instance.stop();
      }
    });
  });
}
