import t from 'tap';
import { expandSpecs, resolveSkuSpecs, specKeyOf, specTextOf } from './specs.ts';

const specs = [{ name: '颜色', values: ['红', '蓝'] }, { name: '尺码', values: ['S', 'M'] }];

t.test('the matrix has every combination, last spec fastest', async (t) => {
  const rows = expandSpecs(specs);
  t.same(rows, [
    { 颜色: '红', 尺码: 'S' }, { 颜色: '红', 尺码: 'M' }, { 颜色: '蓝', 尺码: 'S' }, { 颜色: '蓝', 尺码: 'M' },
  ]);
  t.same(expandSpecs([]), [{}], 'no specs: one SKU');
  t.throws(() => expandSpecs([0, 1, 2].map((i) => ({ name: `s${i}`, values: Array.from({ length: 11 }, (_, j) => `v${j}`) }))),
    { code: 'LS_INPUT_INVALID', field: 'specs' });
});

t.test('keys are canonical, texts follow the spec order', async (t) => {
  t.equal(specKeyOf({ 颜色: '红', 尺码: 'M' }), specKeyOf({ 尺码: 'M', 颜色: '红' }));
  t.equal(specTextOf(specs, { 尺码: 'M', 颜色: '红' }), '红 / M');
  t.equal(specKeyOf({}), '');
});

t.test('each SKU covers the specs exactly', async (t) => {
  const ok = resolveSkuSpecs(specs, [{ specValues: { 尺码: 'M', 颜色: '红' } }]);
  t.same(Object.keys(ok[0]!.specValues), ['颜色', '尺码'], 'values come back in spec order');
  t.throws(() => resolveSkuSpecs(specs, [{ specValues: { 颜色: '红', 尺码: 'M' } }, { specValues: { 颜色: '红' } }]),
    { code: 'LS_CATALOG_SPEC_MISMATCH', field: 'skus.1.specValues' });
  t.throws(() => resolveSkuSpecs(specs, [{ specValues: { 颜色: '绿', 尺码: 'M' } }]), { code: 'LS_CATALOG_SPEC_MISMATCH', field: 'skus.0.specValues' });
  t.throws(() => resolveSkuSpecs(specs, [{ specValues: { 颜色: '红', 尺码: 'M', 款式: '长' } }]), { code: 'LS_CATALOG_SPEC_MISMATCH', field: 'skus.0.specValues' });
  t.throws(() => resolveSkuSpecs(specs, [{ specValues: { 颜色: '红', 尺码: 'M' } }, { specValues: { 尺码: 'M', 颜色: '红' } }]),
    { code: 'LS_CATALOG_SPEC_MISMATCH', field: 'skus.1.specValues' }, 'the same combination twice');
  t.throws(() => resolveSkuSpecs([], [{}, {}]), { code: 'LS_CATALOG_SPEC_MISMATCH', field: 'skus' }, 'single-spec products have one SKU');
});
