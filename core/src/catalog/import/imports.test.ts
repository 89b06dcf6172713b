import t from 'tap';
import ExcelJS from 'exceljs';
import { startTestApp } from '../../testing/test-app.ts';
import { createMerchant, type TestMerchant } from '../../testing/merchant.ts';
import { multipartFile } from '../multipart.testing.ts';

interface Job { id: string; status: string; totalRows: number; processedRows: number; percent: number; createdCount: number; updatedCount: number; errorCount: number; errors: { row: number; field: string; message: string }[] }

/** Uploads a sheet and polls the job until it has finished. */
async function runImport(api: TestMerchant['api'], filename: string, bytes: Buffer, query = ''): Promise<Job> {
  const res = await api({ method: 'POST', url: `/api/v1/imports/products${query}`, ...multipartFile(filename, bytes) });
  if (res.statusCode !== 202) throw new Error(`import refused: ${res.statusCode} ${res.body}`);
  const { id } = res.json() as Job;
  for (let i = 0; i < 200; i++) {
    const job = (await api({ method: 'GET', url: `/api/v1/imports/${id}` })).json() as Job;
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

const header = '商品名称,分类,规格,条码,编码,售价(元),成本价(元),称重,单位,标签,初始库存';

t.test('a CSV import writes the good rows and reports exactly the bad one', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const { api } = a;
  const store = (await api({ method: 'POST', url: '/api/v1/stores', payload: { code: '01', name: '西湖店' } })).json();
  const warehouse = await h.db.knex('warehouses').where({ store_id: store.id }).first();

  const csv = [
    header,
    'T恤,服装/上衣,颜色:红;尺码:M,6900000000011,TX-R-M,59.00,25,否,件,"新品,热卖",10',
    'T恤,服装/上衣,颜色:蓝;尺码:M,6900000000028,TX-B-M,abc,25,否,件,,5',
    '可口可乐330ml,饮料,,6901234567892,KKKL,3.5,,否,瓶,,24',
    '苹果,生鲜/水果,,,,12.80,,是,,,1.5',
    'T恤,服装/上衣,颜色:蓝;尺码:S,6900000000035,,59.9,,,,,',
  ].join('\r\n');
  const job = await runImport(api, 'products.csv', Buffer.from(csv), `?warehouseId=${warehouse.id}`);
  t.match(job, { status: 'done', totalRows: 5, processedRows: 5, percent: 100, createdCount: 4, updatedCount: 0, errorCount: 1 });
  t.same(job.errors.map(({ row, field }) => ({ row, field })), [{ row: 3, field: '售价(元)' }], 'only row 3, at its price');

  const products = (await api({ method: 'GET', url: '/api/v1/products?_sort=name' })).json();
  t.same(products.map((p: { name: string }) => p.name).sort(), ['T恤', '可口可乐330ml', '苹果']);
  const teeId = products.find((p: { name: string }) => p.name === 'T恤').id;
  const tee = (await api({ method: 'GET', url: `/api/v1/products/${teeId}?withStock=true` })).json();
  t.same(tee.specs, [{ name: '颜色', values: ['红', '蓝'] }, { name: '尺码', values: ['M', 'S'] }]);
  t.same(tee.skus.map((s: { specText: string; priceFen: number }) => [s.specText, s.priceFen]), [['红 / M', 5900], ['蓝 / S', 5990]]);
  t.same(tee.labels, ['新品', '热卖']);
  t.equal(tee.skus[0].stock[0].onHand, 10, 'initial stock booked');
  const tree = (await api({ method: 'GET', url: '/api/v1/categories/tree' })).json();
  t.same(tree.map((n: { name: string }) => n.name).sort(), ['服装', '生鲜', '饮料'], 'category paths created');
  t.equal((await api({ method: 'GET', url: `/api/v1/products?categoryId=${tree.find((n: { name: string }) => n.name === '服装').id}` })).json()[0].name, 'T恤',
    'a category filter includes subcategories');

  const apple = (await api({ method: 'GET', url: `/api/v1/products/${products.find((p: { name: string }) => p.name === '苹果').id}?withStock=true` })).json();
  t.match(apple, { weighed: true, unit: '千克' });
  t.equal(apple.skus[0].priceFen, 1280, 'per kilogram');
  t.equal(apple.skus[0].stock[0].onHand, 1500, '1.5 kg booked as grams');
  const movement = await h.db.knex('stock_movements').where({ sku_id: apple.skus[0].id }).first();
  t.match(movement.source_key, new RegExp(`^import:${job.id}:row:5$`));

  // Again: 红/M by barcode gets a new price; a row taking the cola's barcode is refused alone.
  const update = [
    header,
    'T恤,,颜色:红;尺码:M,6900000000011,TX-R-M,69,,,,,',
    'T恤,,颜色:白;尺码:M,6901234567892,,69,,,,,',
    'T恤,,颜色:白;尺码:L,,,69,,,,,3',
  ].join('\n');
  const second = await runImport(api, 'update.csv', Buffer.from(update));
  t.match(second, { status: 'done', createdCount: 1, updatedCount: 1, errorCount: 1 });
  t.match(second.errors, [{ row: 3, field: '条码', message: /可口可乐330ml/ }]);
  const after = (await api({ method: 'GET', url: `/api/v1/products/${teeId}` })).json();
  t.same(after.skus.map((s: { specText: string; priceFen: number }) => [s.specText, s.priceFen]), [['红 / M', 6900], ['蓝 / S', 5990], ['白 / L', 6900]]);
  t.same(after.specs[0].values, ['红', '蓝', '白'], 'new spec values are appended');
  t.equal((await h.db.knex('products').where({ name: 'T恤' })).length, 1, 'same name: the product is updated, not duplicated');

  const noName = await api({ method: 'POST', url: '/api/v1/imports/products', ...multipartFile('x.csv', Buffer.from('条码,售价\n1,2\n')) });
  t.equal(noName.statusCode, 400);
  t.equal(noName.json().field, 'file');
  t.match(noName.json().title, /商品名称/);
  const other = await createMerchant(h, '乙商户');
  t.equal((await other.api({ method: 'GET', url: `/api/v1/imports/${job.id}` })).statusCode, 404, 'jobs are per tenant');
});

t.test('an XLSX import, and the templates', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const { api } = await createMerchant(h, '甲商户');

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('商品');
  sheet.addRow(header.split(','));
  sheet.addRow(['农夫山泉550ml', '饮料', '', '6921168509256', 'NFSQ', 2, 1.2, '否', '瓶', '', '']);
  sheet.addRow(['卫衣', '服装', '尺码:M', '', 'WY-M', 0.1 * 3 + 99, '', '', '', '', '']);
  sheet.addRow(['卫衣', '服装', '尺码:L', '', 'WY-L', 99.999, '', '', '', '', '']);
  const job = await runImport(api, 'products.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
  t.match(job, { status: 'done', totalRows: 3, createdCount: 2, errorCount: 1 });
  t.match(job.errors, [{ row: 4, field: '售价(元)' }], 'three decimals are refused');
  const water = (await api({ method: 'GET', url: '/api/v1/skus/by-code/6921168509256' })).json();
  t.match(water, { name: '农夫山泉550ml', priceFen: 200, unit: '瓶' });
  t.equal((await api({ method: 'GET', url: '/api/v1/skus/by-code/WY-M' })).json().priceFen, 9930, 'float noise from a formula is dropped');

  const csv = await api({ method: 'GET', url: '/api/v1/imports/products/template.csv' });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv/);
  t.ok(csv.body.startsWith('\uFEFF商品名称,'), 'BOM and the header');
  const templateJob = await runImport(api, 'template.csv', csv.rawPayload);
  t.match(templateJob, { status: 'done', errorCount: 0, createdCount: 3 }, 'the template itself imports');

  const xlsx = await api({ method: 'GET', url: '/api/v1/imports/products/template.xlsx' });
  t.equal(xlsx.statusCode, 200);
  const read = new ExcelJS.Workbook();
  await read.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
  t.same(read.worksheets.map((w) => w.name), ['商品', '说明']);
  t.equal(read.worksheets[0]!.getCell('A1').value, '商品名称');

  const notASheet = await api({ method: 'POST', url: '/api/v1/imports/products', ...multipartFile('x.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2])) });
  t.equal(notASheet.statusCode, 415);
  const list = await api({ method: 'GET', url: '/api/v1/imports' });
  t.equal(list.headers['x-total-count'], '2');
});
