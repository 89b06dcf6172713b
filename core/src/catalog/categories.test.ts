import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createMerchant } from '../testing/merchant.ts';

t.test('categories form a tree that refuses cycles and in-use deletes', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const { api } = await createMerchant(h, '甲商户');
  const create = async (name: string, parentId?: string) => {
    const res = await api({ method: 'POST', url: '/api/v1/categories', payload: { name, ...(parentId ? { parentId } : {}) } });
    t.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const clothes = await create('服装');
  const tops = await create('上衣', clothes);
  const tees = await create('T恤', tops);
  const drinks = await create('饮料');

  const tree = (await api({ method: 'GET', url: '/api/v1/categories/tree' })).json();
  t.same(tree.map((n: { name: string }) => n.name).sort(), ['服装', '饮料']);
  const clothesNode = tree.find((n: { id: string }) => n.id === clothes);
  t.equal(clothesNode.children[0].id, tops);
  t.equal(clothesNode.children[0].children[0].id, tees, 'three levels deep');

  const flat = await api({ method: 'GET', url: '/api/v1/categories' });
  t.equal(flat.headers['x-total-count'], '4');
  t.equal(flat.json().find((c: { id: string }) => c.id === tees).parentId, tops);
  const children = await api({ method: 'GET', url: `/api/v1/categories?parentId=${clothes}` });
  t.same(children.json().map((c: { id: string }) => c.id), [tops]);

  for (const parentId of [clothes, tees]) {
    const cycle = await api({ method: 'PATCH', url: `/api/v1/categories/${clothes}`, payload: { parentId } });
    t.equal(cycle.statusCode, 400, `moving under ${parentId === clothes ? 'itself' : 'a descendant'}`);
    t.equal(cycle.json().code, 'LS_CATALOG_CATEGORY_CYCLE');
    t.equal(cycle.json().field, 'parentId');
  }
  const moved = await api({ method: 'PATCH', url: `/api/v1/categories/${tees}`, payload: { parentId: drinks, name: '饮品T恤' } });
  t.equal(moved.statusCode, 200, moved.body);
  t.equal(moved.json().parentId, drinks);
  const toRoot = await api({ method: 'PATCH', url: `/api/v1/categories/${tees}`, payload: { parentId: null } });
  t.equal(toRoot.json().parentId, null);

  const dupName = await api({ method: 'POST', url: '/api/v1/categories', payload: { name: '上衣', parentId: clothes } });
  t.equal(dupName.statusCode, 409);
  t.equal(dupName.json().field, 'name');
  const unknownParent = await api({ method: 'POST', url: '/api/v1/categories', payload: { name: 'x', parentId: '0190a1b2-0000-7000-8000-000000000000' } });
  t.equal(unknownParent.statusCode, 404);
  t.equal(unknownParent.json().field, 'parentId');

  const hasChildren = await api({ method: 'DELETE', url: `/api/v1/categories/${clothes}` });
  t.equal(hasChildren.statusCode, 409);
  t.equal(hasChildren.json().code, 'LS_RESOURCE_IN_USE');
  const product = await api({ method: 'POST', url: '/api/v1/products', payload: { name: '衬衫', categoryId: tops, skus: [{ priceFen: 100 }] } });
  t.equal(product.statusCode, 201, product.body);
  const hasProducts = await api({ method: 'DELETE', url: `/api/v1/categories/${tops}` });
  t.equal(hasProducts.statusCode, 409);
  t.equal(hasProducts.json().productCount, 1);
  t.equal((await api({ method: 'DELETE', url: `/api/v1/categories/${drinks}` })).statusCode, 204);
  t.equal((await api({ method: 'GET', url: `/api/v1/categories/${drinks}` })).statusCode, 404);

  const other = await createMerchant(h, '乙商户');
  t.equal((await other.api({ method: 'GET', url: `/api/v1/categories/${clothes}` })).statusCode, 404, 'another tenant sees nothing');
  t.same((await other.api({ method: 'GET', url: '/api/v1/categories/tree' })).json(), []);
});
