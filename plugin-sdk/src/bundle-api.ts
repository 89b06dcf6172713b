/**
 * `@lingshou/plugin-sdk/bundle-api`: what the admin hands a plugin's `kind: 'bundle'` page
 * (docs/plugins.md §9). The admin implements it (admin/src/plugins/bundle-page.tsx); a page
 * imports the types only (`import type`), so nothing of the SDK reaches the browser.
 *
 * @example
 * ```tsx
 * import type { BundleProps } from '@lingshou/plugin-sdk/bundle-api';
 *
 * export default function NotesPage({ api }: BundleProps) {
 *   const [notes, setNotes] = useState<{ items: Note[]; total: number } | null>(null);
 *   // `api` is the same object on every render: an effect may depend on it without looping.
 *   useEffect(() => { api.list<Note>('/notes', { _start: 0, _end: 20 }).then(setNotes); }, [api]);
 *   …
 * }
 * ```
 */

/**
 * The query of a list route (docs/api.md): Refine simple-rest's `_start`, `_end`, `_sort`,
 * `_order` and `q`, plus the route's own filters. Undefined members are left out.
 */
export type BundleListQuery = Record<string, string | number | boolean | undefined>;

/** A page of a list route: its rows and the route's `x-total-count` (every row the filters match). */
export interface BundleListPage<T> {
  items: T[];
  total: number;
}

/**
 * Calls routes under one base with the signed-in user's token, renewing an expired token once.
 * Each call but `download` answers the JSON body; every call throws an error carrying the
 * problem's `message`, `status`, `code` and `field` (docs/errors.md) when the route refuses: a
 * form shows it on the field named.
 */
export interface BundleRoutes {
  get<T>(path: string): Promise<T>;
  /** A list route's page and its total; `query` is appended to `path` (which may carry its own). */
  list<T>(path: string, query?: BundleListQuery): Promise<BundleListPage<T>>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /**
   * Fetches a file route with the token and saves the answer as `filename` (a plain link would
   * carry no token).
   */
  download(path: string, filename: string): Promise<void>;
}

/**
 * The plugin's own routes (`'/templates'` → /api/v1/plugins/<id>/templates), and the kernel's
 * under `kernel` (`'/stores'` → /api/v1/stores), e.g. to pick the merchant's stores or SKUs;
 * the user's permissions apply to both. The admin creates it once per page: the same object on
 * every render.
 */
export interface BundleApi extends BundleRoutes {
  kernel: BundleRoutes;
}

/** The props of a bundle page's exported component. */
export interface BundleProps {
  api: BundleApi;
  /** The signed-in staff's merchant, and the stores they are bound to (null: every store). */
  tenant: { id: string | null; storeIds: string[] | null };
}
