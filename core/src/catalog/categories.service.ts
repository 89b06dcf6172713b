import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';

export interface CategoryRow {
  tenant_id: string;
  id: string;
  parent_id: string | null;
  name: string;
  sort: number;
  created_at: Date;
  updated_at: Date;
}

export interface CategoryInput {
  parentId?: string | null;
  name: string;
  sort?: number;
}

export function categoryToApi(row: CategoryRow) {
  return { id: row.id, parentId: row.parent_id, name: row.name, sort: row.sort, createdAt: row.created_at, updatedAt: row.updated_at };
}

export type CategoryNode = ReturnType<typeof categoryToApi> & { children: CategoryNode[] };

/** The whole tree, siblings by sort then name. */
export async function categoryTree(trx: Trx): Promise<CategoryNode[]> {
  const rows = await trx<CategoryRow>('categories').select('*').orderBy([{ column: 'sort' }, { column: 'name' }, { column: 'id' }]);
  const nodes = new Map(rows.map((row) => [row.id, { ...categoryToApi(row), children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export async function getCategoryRow(trx: Trx, id: string, field?: string): Promise<CategoryRow> {
  const row = await trx<CategoryRow>('categories').where({ id }).first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Category not found', field ? { field } : {});
  return row;
}

async function assertNameFree(trx: Trx, parentId: string | null, name: string, exceptId?: string): Promise<void> {
  const query = trx('categories').where({ name }).first('id');
  if (parentId) query.where({ parent_id: parentId });
  else query.whereNull('parent_id');
  if (exceptId) query.whereNot({ id: exceptId });
  if (await query) throw errors.LS_RESOURCE_CONFLICT('A category of this name is already there', { field: 'name' });
}

export async function createCategory(trx: Trx, tenantId: string, input: CategoryInput) {
  const parentId = input.parentId ?? null;
  if (parentId) await getCategoryRow(trx, parentId, 'parentId');
  await assertNameFree(trx, parentId, input.name);
  const [row] = await trx('categories').insert({
    tenant_id: tenantId, id: newId(), parent_id: parentId, name: input.name, sort: input.sort ?? 0,
  }).returning('*');
  return categoryToApi(row as CategoryRow);
}

export async function updateCategory(trx: Trx, tenantId: string, id: string, input: Partial<CategoryInput>) {
  // One mover per tenant at a time: two concurrent moves could otherwise close a loop that neither saw.
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`categories:${tenantId}`]);
  const current = await getCategoryRow(trx, id);
  const parentId = input.parentId === undefined ? current.parent_id : input.parentId;
  if (input.parentId) {
    await getCategoryRow(trx, input.parentId, 'parentId');
    const { rows } = await trx.raw(
      `with recursive up as (
         select id, parent_id from categories where id = ?
         union all
         select c.id, c.parent_id from categories c join up on c.id = up.parent_id)
       select 1 from up where id = ? limit 1`,
      [input.parentId, id],
    ) as { rows: unknown[] };
    if (rows.length > 0) throw errors.LS_CATALOG_CATEGORY_CYCLE('A category cannot go under itself or its own subcategory', { field: 'parentId' });
  }
  const name = input.name ?? current.name;
  if (input.name !== undefined || input.parentId !== undefined) await assertNameFree(trx, parentId, name, id);
  const [row] = await trx('categories').where({ id }).update({
    parent_id: parentId, name, sort: input.sort ?? current.sort, updated_at: trx.fn.now(),
  }).returning('*');
  return categoryToApi(row as CategoryRow);
}

export async function deleteCategory(trx: Trx, id: string): Promise<void> {
  await getCategoryRow(trx, id);
  const [children, products] = await Promise.all([
    trx('categories').where({ parent_id: id }).count({ n: '*' }).first(),
    trx('products').where({ category_id: id }).count({ n: '*' }).first(),
  ]);
  const childCount = Number(children?.n ?? 0);
  const productCount = Number(products?.n ?? 0);
  if (childCount > 0 || productCount > 0) {
    throw errors.LS_RESOURCE_IN_USE('Move or delete its subcategories and products first', { extra: { childCount, productCount } });
  }
  await trx('categories').where({ id }).delete();
}

/**
 * Finds a category by its path (`服装/上衣`), creating what is missing. The import uses it so a
 * sheet can name categories the merchant has not set up yet.
 */
export async function ensureCategoryPath(trx: Trx, tenantId: string, path: string[]): Promise<string> {
  let parentId: string | null = null;
  for (const name of path) {
    const query = trx<CategoryRow>('categories').where({ name }).first('id');
    if (parentId) query.where({ parent_id: parentId });
    else query.whereNull('parent_id');
    const found: Pick<CategoryRow, 'id'> | undefined = await query;
    parentId = found ? found.id : (await createCategory(trx, tenantId, { parentId, name })).id;
  }
  if (!parentId) throw new Error('ensureCategoryPath: empty path');
  return parentId;
}

/** A category and all below it, for filters that include subcategories. */
export function categoryAndDescendants(trx: Trx, id: string) {
  return trx.withRecursive('sub', (q) => {
    q.select('id').from('categories').where({ id })
      .unionAll((u) => u.select('c.id').from('categories as c').join('sub', 'c.parent_id', 'sub.id'));
  }).select('id').from('sub');
}
