import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { api } from '../api/http.ts';
import { readSession } from '../api/session.ts';

export type Label = { zh?: string; en?: string } | string;

export type ExtensionPage =
  | { kind: 'crud'; resource: string; schema: Record<string, unknown>; columns?: string[] }
  | { kind: 'bundle'; module: string; export?: string };

/** An admin menu entry a plugin declares (docs/plugins.md §9). */
export interface MenuExtension {
  key: string;
  label: Label;
  icon?: string;
  parent?: string;
  order?: number;
  permission?: string;
  page?: ExtensionPage;
  pluginId: string;
}

interface Manifest {
  admin: { menu: MenuExtension[] };
}

// null until the first manifest arrives.
const ExtensionsContext = createContext<MenuExtension[] | null>(null);

/**
 * The enabled plugins' admin entries, fetched again on every navigation: enabling a plugin
 * shows its menu on the next page change without rebuilding or reloading the admin.
 */
export function ExtensionsProvider({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const [menu, setMenu] = useState<MenuExtension[] | null>(null);
  useEffect(() => {
    if (readSession()?.user.kind !== 'staff') return;
    let current = true;
    api.get<Manifest>('/extensions').then((manifest) => {
      if (current) setMenu(manifest.admin.menu);
    }, () => undefined);
    return () => { current = false; };
  }, [pathname]);
  return <ExtensionsContext.Provider value={menu}>{children}</ExtensionsContext.Provider>;
}

export function useExtensionMenu(): MenuExtension[] {
  return useContext(ExtensionsContext) ?? [];
}

export function useExtensionsLoaded(): boolean {
  return useContext(ExtensionsContext) !== null;
}

export function extensionPath(entry: Pick<MenuExtension, 'pluginId' | 'key'>): string {
  return `/ext/${entry.pluginId}/${entry.key}`;
}
