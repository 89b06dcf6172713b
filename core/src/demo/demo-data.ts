/** The demo merchant's catalog, staff and members: a small clothing-and-grocery shop. */

/** A valid EAN-13 from its first twelve digits (the check digit makes scanners accept it). */
export function ean13(first12: string): string {
  const sum = [...first12].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}

export interface DemoProduct {
  category: string[];
  name: string;
  /** Fen; per kilogram for weighed goods. */
  priceFen: number;
  weighed?: boolean;
  unit?: string;
  labels?: string[];
  /** Spec names and values; each combination becomes a SKU with its own barcode. */
  specs?: { name: string; values: string[] }[];
  barcode?: string;
  /** Stock in store 1 (pieces, or grams for weighed goods); store 2 gets half. */
  stock: number;
}

const packaged = (name: string, priceFen: number, barcode12: string, category: string[], labels: string[] = []): DemoProduct => ({
  category, name, priceFen, barcode: ean13(barcode12), stock: 120, labels,
});

const produce = (name: string, pricePerKgFen: number, labels: string[] = []): DemoProduct => ({
  category: ['生鲜', '果蔬'], name, priceFen: pricePerKgFen, weighed: true, unit: 'kg', stock: 50_000, labels,
});

export const demoProducts: DemoProduct[] = [
  { category: ['服装', '上衣'], name: '纯棉圆领T恤', priceFen: 5900, labels: ['新品'], stock: 20,
    specs: [{ name: '颜色', values: ['白色', '黑色'] }, { name: '尺码', values: ['S', 'M', 'L', 'XL'] }] },
  { category: ['服装', '上衣'], name: '连帽卫衣', priceFen: 12900, labels: ['热卖'], stock: 15,
    specs: [{ name: '颜色', values: ['灰色', '藏青'] }, { name: '尺码', values: ['M', 'L', 'XL'] }] },
  { category: ['服装', '下装'], name: '直筒牛仔裤', priceFen: 15900, stock: 12,
    specs: [{ name: '尺码', values: ['28', '30', '32', '34'] }] },
  { category: ['服装', '裙装'], name: '碎花连衣裙', priceFen: 19900, labels: ['新品'], stock: 10,
    specs: [{ name: '颜色', values: ['红色', '蓝色'] }, { name: '尺码', values: ['S', 'M', 'L'] }] },
  { category: ['服装', '配饰'], name: '运动中筒袜', priceFen: 1500, stock: 60,
    specs: [{ name: '颜色', values: ['白色', '黑色'] }] },
  produce('红富士苹果', 1280, ['当季']),
  produce('香蕉', 698),
  produce('西红柿', 598),
  produce('黄瓜', 498),
  produce('土豆', 358),
  produce('巨峰葡萄', 1980, ['当季']),
  { category: ['生鲜', '肉禽蛋'], name: '土猪五花肉', priceFen: 3980, weighed: true, unit: 'kg', stock: 20_000 },
  { category: ['生鲜', '肉禽蛋'], name: '散装鸡蛋', priceFen: 1398, weighed: true, unit: 'kg', stock: 30_000 },
  packaged('可口可乐 330ml', 350, '690294010001', ['饮料', '碳酸饮料'], ['热卖']),
  packaged('雪碧 330ml', 350, '690294010002', ['饮料', '碳酸饮料']),
  packaged('百事可乐 330ml', 330, '694800010003', ['饮料', '碳酸饮料']),
  packaged('农夫山泉 550ml', 200, '692187510004', ['饮料', '饮用水'], ['热卖']),
  packaged('青岛啤酒 500ml', 680, '690155010005', ['饮料', '酒类']),
  packaged('蒙牛纯牛奶 250ml', 350, '692358010006', ['乳品']),
  packaged('伊利安慕希 205g', 690, '690797010007', ['乳品'], ['促销']),
  packaged('旺仔牛奶 245ml', 550, '690201010008', ['乳品']),
  packaged('康师傅红烧牛肉面', 450, '690254010009', ['休闲食品', '方便食品']),
  packaged('乐事薯片 原味 75g', 850, '692487010010', ['休闲食品', '零食'], ['热卖']),
  packaged('奥利奥原味饼干 116g', 790, '690229010011', ['休闲食品', '零食']),
  packaged('德芙丝滑牛奶巧克力 43g', 990, '690201510012', ['休闲食品', '零食'], ['促销']),
  packaged('金龙鱼东北大米 5kg', 4990, '694820010013', ['粮油调味']),
  packaged('海天金标生抽 500ml', 1190, '690319010014', ['粮油调味']),
  packaged('维达抽纸 3层 120抽×6包', 2590, '690164010015', ['日用百货']),
  packaged('舒肤佳纯白香皂 125g', 590, '690302010016', ['日用百货']),
  packaged('高露洁防蛀牙膏 140g', 1290, '690303010017', ['日用百货'], ['促销']),
];

export const demoCustomers: { name: string; phone: string; gender: 'male' | 'female' | 'unknown'; store: 0 | 1 }[] = [
  { name: '张伟', phone: '13800138001', gender: 'male', store: 0 },
  { name: '王芳', phone: '13800138002', gender: 'female', store: 0 },
  { name: '李娜', phone: '13800138003', gender: 'female', store: 0 },
  { name: '刘洋', phone: '13800138004', gender: 'male', store: 0 },
  { name: '陈静', phone: '13800138005', gender: 'female', store: 0 },
  { name: '杨磊', phone: '13800138006', gender: 'male', store: 1 },
  { name: '赵敏', phone: '13800138007', gender: 'female', store: 1 },
  { name: '黄强', phone: '13800138008', gender: 'male', store: 1 },
  { name: '周婷', phone: '13800138009', gender: 'female', store: 1 },
  { name: '吴昊', phone: '13800138010', gender: 'unknown', store: 1 },
];
