import { useEffect, useState, type ComponentType } from 'react';
import { Alert, Spin } from 'antd';
import { api } from '../api/http.ts';
import { readSession } from '../api/session.ts';

export interface BundleProps {
  /** Calls the plugin's own routes (`/templates` → /api/v1/plugins/<id>/templates) with the user's token. */
  api: {
    get<T>(path: string): Promise<T>;
    post<T>(path: string, body?: unknown): Promise<T>;
    patch<T>(path: string, body: unknown): Promise<T>;
    put<T>(path: string, body: unknown): Promise<T>;
    delete<T>(path: string): Promise<T>;
  };
  tenant: { id: string | null; storeIds: string[] | null };
}

function pluginApi(pluginId: string): BundleProps['api'] {
  const at = (path: string) => `/plugins/${pluginId}${path}`;
  return {
    get: (path) => api.get(at(path)),
    post: (path, body) => api.post(at(path), body),
    patch: (path, body) => api.patch(at(path), body),
    put: (path, body) => api.put(at(path), body),
    delete: (path) => api.delete(at(path)),
  };
}

/**
 * A plugin's `kind: 'bundle'` page: its prebuilt ES module is imported at run time from the
 * plugin's UI route, and its export rendered with `{ api, tenant }`. React, antd and Refine
 * come from the admin (window.__LINGSHOU_SHARED__, docs/admin.md).
 */
export function BundlePage({ pluginId, file, exportName = 'default' }: { pluginId: string; file: string; exportName?: string }) {
  const [Component, setComponent] = useState<ComponentType<BundleProps> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setComponent(null);
    setError(null);
    // The shared registry is published only when a bundle is about to load: it holds all of
    // antd, which the admin's own first screen need not download.
    import('./shared.ts')
      .then(({ publishShared }) => publishShared())
      .then(() => import(/* @vite-ignore */ `/api/v1/plugins/${pluginId}/ui/${file}`) as Promise<Record<string, unknown>>)
      .then(
        (module) => {
          const exported = module[exportName];
          if (!current) return;
          if (typeof exported === 'function') setComponent(() => exported as ComponentType<BundleProps>);
          else setError(`${file} has no export ${exportName}`);
        },
        (failure: Error) => { if (current) setError(failure.message); },
      );
    return () => { current = false; };
  }, [pluginId, file, exportName]);
  if (error) return <Alert type="error" message={error} />;
  if (!Component) return <Spin />;
  const user = readSession()?.user;
  return <Component api={pluginApi(pluginId)} tenant={{ id: user?.tenantId ?? null, storeIds: user?.storeIds ?? null }} />;
}
