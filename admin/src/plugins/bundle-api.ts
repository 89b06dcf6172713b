import type { BundleApi, BundleListQuery, BundleRoutes } from '@lingshou/plugin-sdk/bundle-api';
import { api, apiDownload, apiRequest } from '../api/http.ts';

/** `path` with the query's defined members appended, after any query `path` already carries. */
function withQuery(path: string, query: BundleListQuery = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.append(key, String(value));
  const text = search.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/** The API calls under one base path of /api/v1 ('' for the kernel's own routes). */
function routesUnder(base: string): BundleRoutes {
  const at = (path: string) => `${base}${path}`;
  return {
    get: (path) => api.get(at(path)),
    list: async <T>(path: string, query?: BundleListQuery) => {
      const { data, headers } = await apiRequest<T[]>('GET', withQuery(at(path), query));
      return { items: data, total: Number(headers.get('x-total-count') ?? data.length) };
    },
    post: (path, body) => api.post(at(path), body),
    patch: (path, body) => api.patch(at(path), body),
    put: (path, body) => api.put(at(path), body),
    delete: (path) => api.delete(at(path)),
    download: (path, filename) => apiDownload(at(path), filename),
  };
}

/** What a plugin's bundle page calls (the contract: @lingshou/plugin-sdk/bundle-api). */
export function bundleApi(pluginId: string): BundleApi {
  return { ...routesUnder(`/plugins/${pluginId}`), kernel: routesUnder('') };
}
