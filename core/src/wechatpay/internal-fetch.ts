import type { FastifyInstance } from 'fastify';

/**
 * The origin the server uses to call itself: the in-process WeChat Pay sandbox, and the
 * sandbox's notifications back to our inbox. Such calls never leave the process (no port, no
 * DNS), so the demo and the tests work with or without a listening socket.
 */
export const INTERNAL_ORIGIN = 'http://lingshou.internal';

/** A fetch that answers INTERNAL_ORIGIN URLs with app.inject and passes every other URL to `fallback`. */
export function internalFetch(app: FastifyInstance, fallback: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== INTERNAL_ORIGIN) return fallback(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => { headers[name] = value; });
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const answer = await app.inject({
      method: request.method as 'GET', url: url.pathname + url.search, headers, ...(body ? { payload: body } : {}),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(one));
    }
    const empty = answer.statusCode === 204 || answer.statusCode === 304;
    return new Response(empty ? null : new Uint8Array(answer.rawPayload), { status: answer.statusCode, headers: responseHeaders });
  };
}
