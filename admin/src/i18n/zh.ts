/** Chinese, the admin's first language. Keys are grouped by screen. */
export const zh = {
  app: { title: '零售管理后台', language: 'English', logout: '退出登录', store: '门店', allStores: '全部门店' },
  menu: {
    settings: '设置',
    sms: '短信服务',
    dashboard: '概览', stores: '门店', staff: '员工', roles: '角色', catalog: '商品', categories: '分类', products: '商品列表',
    imports: '导入', stock: '库存', stockLevels: '库存查询', movements: '库存流水', warehouses: '仓库', team: '员工与角色', customers: '会员', orders: '订单', refundRequests: '售后/退款申请', payments: '支付记录',
    marketing: '营销', plugins: '插件', platform: '平台', partners: '服务商', merchants: '商户', platformPlugins: '插件安装',
  },
  fields: { address: '地址', phone: '电话', franchise: '加盟店', consignment: '寄售', gender: '性别', note: '备注', permissions: '权限', merchantAdmin: '商户管理员' },
  login: { title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '登录失败' },
  dashboard: { sales: '今日销售额', orders: '今日订单数', averageTicket: '客单价', chart: '近 30 天销售额' },
  common: {
    create: '新建', edit: '编辑', save: '保存', cancel: '取消', delete: '删除', detail: '详情', search: '搜索', actions: '操作',
    yes: '是', no: '否', empty: '暂无数据', name: '名称', code: '编号', createdAt: '创建时间', status: '状态', saved: '已保存', dateRange: '日期范围',
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
  refundRequests: {
    time: '申请时间', customer: '顾客', decidedBy: '处理人', automatic: '自动通过', search: '订单号或手机号',
    approve: '同意退款', reject: '拒绝', approveConfirm: '同意后将原路退回 {{amount}}，确定？', approved: '已同意，款项原路退回',
    rejected: '已拒绝', note: '拒绝原因', noteHelp: '顾客会在商城订单中看到这条说明',
  },
  refundRequestState: { requested: '待审核', approved: '已退款', rejected: '已拒绝' },
  payments: { time: '支付时间' },
  paymentStatus: { pending: '待支付', succeeded: '已支付', failed: '失败', cancelled: '已取消' },
  categories: {
    parent: '上级分类', top: '（顶级分类）', sort: '排序', sortHelp: '同级中数字小的排在前面', selectHint: '在左侧选择一个分类，即可改名、移动或删除',
    deleteConfirm: '确定删除分类「{{name}}」？', deleted: '已删除',
    inUse: '无法删除：该分类下还有 {{children}} 个子分类、{{products}} 个商品。请先将它们移到其他分类或删除。',
  },
  stock: {
    warehouse: '仓库', allWarehouses: '全部仓库', central: '总仓（不属于门店）', storeHelp: '不选门店即为商户总仓', kind: '类型', default: '默认',
    kinds: { store: '门店仓', merchant: '总仓' }, onHand: '现有库存', updatedAt: '更新时间', time: '时间', type: '类型', delta: '变动',
    balanceAfter: '变动后库存', reason: '原因', sku: '商品规格', mode: '调整方式', modes: { in: '入库', out: '出库', set: '盘点设为' },
    quantity: '数量', gramsHint: '称重商品以克为单位', adjust: '库存调整', adjusted: '库存已调整',
    types: { initial: '期初', adjustment: '调整', sale: '销售', refund: '退货入库', purchase: '采购入库' },
  },
  staff: {
    resetPassword: '重置密码', newPassword: '新密码', confirmPassword: '确认新密码', passwordRule: '密码至少 8 位',
    mismatch: '两次输入的密码不一致', resetDone: '密码已重置，该员工需用新密码重新登录',
    resetHelp: '为 {{username}} 设置新密码。保存后，该员工在所有设备上的登录都会失效。',
  },
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
  sms: {
    provider: '服务商', tencent: '腾讯云短信', signName: '短信签名', signNameHelp: '审核通过的签名，不含【】', templateId: '模板 ID',
    templateWithMinutes: '模板含有效分钟数 {2}', templateHelp: '验证码模板中 {1} 为验证码；开启后 {2} 填入有效分钟数（5 分钟）',
    secretSet: '已设置', secretSetLast4: '已设置 (…{{last4}})', secretMissing: '未设置', keepSecret: '留空则保持已保存的值',
    configured: '已配置', notConfigured: '未配置', updatedAt: '更新时间',
    demoMode: '当前为演示模式：商城不发短信，手机号登录的验证码固定为 {{code}}',
    demoModeUnknown: '演示模式下商城不发短信，使用演示验证码',
    live: '商城手机号登录的验证码通过此账号发送', liveMissing: '商城手机号登录不可用，请填写短信账号',
    delete: '删除配置', deleteConfirm: '删除后商城将无法发送登录验证码（演示模式除外），确定删除？', deleted: '已删除',
    rules: { secret: '8–128 位字母或数字', sdkAppId: '6–12 位数字', signName: '请填写签名，最多 40 个字', templateId: '1–12 位数字' },
  },
};

export type Messages = typeof zh;
