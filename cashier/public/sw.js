/* global self, caches, fetch, URL */
/**
 * The till's app shell, cached so a reload with the server down still opens the till (seed 6.10);
 * the data for offline selling is in IndexedDB (src/offline/). Network first: online, the
 * server's newest build is always what runs; the cache answers only when the network fails.
 * API calls are never touched: the till itself decides what to do without the server.
 */
const SHELL = 'lingshou-cashier-shell-v1';
const scope = new URL(self.registration.scope).pathname;

/** The index page and the files it loads (Vite's hashed script and styles). */
async function cacheShell() {
  const cache = await caches.open(SHELL);
  const index = await fetch(scope, { cache: 'no-cache' });
  if (!index.ok) return;
  const html = await index.clone().text();
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((url) => url.startsWith(scope));
  await cache.put(scope, index);
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith('lingshou-cashier-shell-') && name !== SHELL) await caches.delete(name);
    await self.clients.claim();
  })());
});

async function networkFirst(request) {
  const cache = await caches.open(SHELL);
  // Every page of the till is the same single-page app: one cached index answers them all.
  const key = request.mode === 'navigate' ? scope : request;
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(scope)) return;
  event.respondWith(networkFirst(event.request));
});
