import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

/** A front-end app the server hosts: its URL prefix and the folder its build lands in. */
export interface StaticApp {
  prefix: '/admin' | '/cashier' | '/mall';
  /** Relative to the repository root. */
  dist: string;
  title: string;
}

export const staticApps: readonly StaticApp[] = [
  { prefix: '/admin', dist: 'admin/dist', title: '管理后台 Admin' },
  { prefix: '/cashier', dist: 'cashier/dist', title: '收银台 Cashier' },
  { prefix: '/mall', dist: 'miniapp/dist/h5', title: '商城 Mall (H5)' },
];

export interface StaticAppsOptions {
  /** The repository root the `dist` folders are relative to. */
  root: string;
}

/**
 * Serves each built app under its prefix, with a single-page-app fallback to its index.html.
 * An app that is not built answers a short HTML page instead, so the server starts whatever
 * has been built. Folders are looked at once, at boot: restart after building an app.
 */
export async function registerStaticApps(app: FastifyInstance, { root }: StaticAppsOptions): Promise<string[]> {
  const served: string[] = [];
  for (const spec of staticApps) {
    const dist = join(root, spec.dist);
    if (existsSync(join(dist, 'index.html'))) {
      await app.register((child) => serveBuilt(child, dist), { prefix: spec.prefix });
      served.push(spec.prefix);
    } else {
      await app.register((child) => serveNotBuilt(child, spec), { prefix: spec.prefix });
    }
  }
  // The root is the back office: that is where an operator or merchant starts.
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/admin/'));
  return served;
}

async function serveBuilt(app: FastifyInstance, dist: string): Promise<void> {
  // Vite names its assets by content hash, so they may be cached for good; HTML never is.
  // wildcard: false makes one route per file found at boot, so every other path reaches the
  // fallback below directly.
  await app.register(fastifyStatic, {
    root: dist,
    maxAge: '30d',
    immutable: true,
    wildcard: false,
    index: false,
    schemaHide: true,
    setHeaders: (reply, path) => {
      if (path.endsWith('.html')) reply.header('cache-control', 'no-cache');
    },
  });
  const sendIndex = (reply: FastifyReply) => reply.sendFile('index.html');
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  // Client-side routes (/admin/orders/42) get the app; a missing asset (/admin/x.js) stays a 404.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if ((request.method === 'GET' || request.method === 'HEAD') && extname(path) === '') return sendIndex(reply);
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
  });
}

async function serveNotBuilt(app: FastifyInstance, spec: StaticApp): Promise<void> {
  const page = notBuiltPage(spec);
  const handler = (_request: unknown, reply: FastifyReply) => reply.code(404).type('text/html; charset=utf-8').send(page);
  app.get('/', { schema: { hide: true } }, handler);
  app.get('/*', { schema: { hide: true } }, handler);
}

function notBuiltPage(spec: StaticApp): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${spec.title}: not built yet</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>${spec.title}</h1>
<p>This app is not built yet (no <code>${spec.dist}/index.html</code>).</p>
<p>Build it (the <code>build</code> script of its workspace) and restart the server. The API is running: see <a href="/api/docs">/api/docs</a>.</p>
</body></html>
`;
}
