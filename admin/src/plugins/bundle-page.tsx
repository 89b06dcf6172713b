import { useEffect, useMemo, useState, type ComponentType } from 'react';
import { Alert, Spin } from 'antd';
import type { BundleProps } from '@lingshou/plugin-sdk/bundle-api';
import { readSession } from '../api/session.ts';
import { bundleApi } from './bundle-api.ts';

/**
 * A plugin's `kind: 'bundle'` page: its prebuilt ES module is imported at run time from the
 * plugin's UI route, and its export rendered with `{ api, tenant }`. React, antd and Refine
 * come from the admin (window.__LINGSHOU_SHARED__, docs/admin.md). Both props keep their identity
 * across renders, so a page's effects that depend on them run once, not on every admin render.
 */
export function BundlePage({ pluginId, file, exportName = 'default' }: { pluginId: string; file: string; exportName?: string }) {
  const [Component, setComponent] = useState<ComponentType<BundleProps> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = useMemo(() => bundleApi(pluginId), [pluginId]);
  const user = readSession()?.user;
  const tenantId = user?.tenantId ?? null;
  // The session is parsed afresh on each render: compare the stores by value, not by array.
  const storeIds = JSON.stringify(user?.storeIds ?? null);
  const tenant = useMemo(() => ({ id: tenantId, storeIds: JSON.parse(storeIds) as string[] | null }), [tenantId, storeIds]);
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
  return <Component api={api} tenant={tenant} />;
}
