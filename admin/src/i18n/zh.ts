/** Chinese, the admin's first language. Keys are grouped by screen. */
export const zh = {
  app: { title: '零售管理后台', language: 'English', logout: '退出登录', store: '门店', allStores: '全部门店' },
  menu: {
    settings: '设置',
    dashboard: '概览', stores: '门店', staff: '员工', roles: '角色', catalog: '商品', categories: '分类', products: '商品列表',
    imports: '导入', stock: '库存', stockLevels: '库存查询', movements: '库存流水', team: '员工与角色', customers: '会员', orders: '订单', payments: '支付记录',
    marketing: '营销', plugins: '插件', platform: '平台', partners: '服务商', merchants: '商户', platformPlugins: '插件安装',
  },
  fields: { address: '地址', phone: '电话', franchise: '加盟店', consignment: '寄售', gender: '性别', note: '备注', permissions: '权限', merchantAdmin: '商户管理员' },
  login: { title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '登录失败' },
  dashboard: { sales: '今日销售额', orders: '今日订单数', averageTicket: '客单价', chart: '近 30 天销售额' },
  common: {
    create: '新建', edit: '编辑', save: '保存', cancel: '取消', delete: '删除', detail: '详情', search: '搜索', actions: '操作',
    yes: '是', no: '否', empty: '暂无数据', name: '名称', code: '编号', createdAt: '创建时间', status: '状态', saved: '已保存',
  },
  products: {
    name: '商品名称', category: '分类', price: '价格', skus: 'SKU 数', specs: '规格', specName: '规格名', specValues: '规格值（逗号分隔）',
    addSpec: '添加规格', buildMatrix: '生成 SKU', barcode: '条码', stock: '库存', weighed: '称重', unit: '单位', images: '图片', upload: '上传图片',
    onSale: '在售', offSale: '下架',
  },
  orders: {
    number: '订单号', total: '应付', paid: '已付', refunded: '已退', channel: '渠道', lines: '商品明细', quantity: '数量', unitPrice: '单价',
    adjustments: '优惠与调整', payments: '支付', refunds: '退款', refund: '退款', refundAll: '全额退款', refundLines: '部分退款',
    reason: '原因', method: '方式', amount: '金额', source: '来源',
  },
  orderStatus: { pending_payment: '待支付', paid: '已支付', fulfilled: '已发货', completed: '已完成', cancelled: '已取消', partially_refunded: '部分退款', refunded: '已退款' },
  plugins: {
    version: '版本', enabled: '已启用', disabled: '未启用', enable: '启用', disable: '停用', configure: '配置', degraded: '运行异常',
    secretSet: '已设置（留空保持不变）', install: '安装', upgrade: '升级', uninstall: '卸载', tenants: '启用商户数',
  },
  partners: {
    checklist: '服务商支付参数', mchid: '服务商商户号', appid: '公众号 AppID', serialNo: '证书序列号', apiV3Key: 'APIv3 密钥',
    privateKey: 'API 私钥', certificate: 'API 证书', set: '已设置', missing: '未设置', domains: '公众号域名设置',
    domainsHelp: '在微信公众平台「设置与开发 → 公众号设置 → 功能设置」中填写以下三个域名：业务域名、JS 接口安全域名、网页授权域名。',
    subMchid: '子商户号',
  },
};

export type Messages = typeof zh;
