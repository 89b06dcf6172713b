/** The columns of a product import sheet. The template and the docs are generated from this list. */
export const importColumns = [
  { key: 'name', header: '商品名称', required: true, example: ['T恤', 'T恤', '可口可乐330ml'],
    note: '必填，最多60字。同名的多行合并为一个多规格商品；已有同名商品时按条码、编码或规格更新它的SKU' },
  { key: 'category', header: '分类', example: ['服装/上衣', '', '饮料'], note: '可写路径如“服装/上衣”，不存在的分类会自动创建' },
  { key: 'spec', header: '规格', example: ['颜色:红;尺码:M', '颜色:蓝;尺码:M', ''], note: '如“颜色:红;尺码:M”，最多3个规格；单规格商品留空。同一商品各行的规格名须一致' },
  { key: 'barcode', header: '条码', example: ['6900000000011', '6900000000028', '6900000000035'], note: '字母数字，商户内唯一' },
  { key: 'code', header: '编码', example: ['TX-R-M', 'TX-B-M', ''], note: '商户自编SKU编码，商户内唯一' },
  { key: 'price', header: '售价(元)', required: true, example: ['59.00', '59.00', '3.5'], note: '必填，最多两位小数；称重商品为每千克价格' },
  { key: 'cost', header: '成本价(元)', example: ['25', '25', ''], note: '最多两位小数；称重商品为每千克' },
  { key: 'weighed', header: '称重', example: ['否', '否', '否'], note: '是/否；新商品默认否，已有商品留空则不变' },
  { key: 'unit', header: '单位', example: ['件', '件', '瓶'], note: '最多8字；新商品默认“件”（称重为“千克”）' },
  { key: 'labels', header: '标签', example: ['新品,热卖', '', ''], note: '逗号分隔，最多10个，每个最多10字' },
  { key: 'stock', header: '初始库存', example: ['10', '5', '24'], note: '仅当导入时选择了仓库且该行新建了SKU时入库；件数，称重商品为千克（最多三位小数）' },
] as const;

export type ImportColumnKey = (typeof importColumns)[number]['key'];

/** `售价（元）`, `售价(元)` and `售价` are the same column; so is its key (`price`). */
function normalizeHeader(text: string): string {
  return text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/\(元\)$/, '').toLowerCase();
}

const byHeader = new Map<string, ImportColumnKey>();
for (const column of importColumns) {
  byHeader.set(normalizeHeader(column.header), column.key);
  byHeader.set(column.key, column.key);
}

export function columnOf(header: string): ImportColumnKey | undefined {
  return byHeader.get(normalizeHeader(header));
}
