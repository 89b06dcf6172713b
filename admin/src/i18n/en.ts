import type { Messages } from './zh.ts';

export const en: Messages = {
  app: { title: 'Retail back office', language: '中文', logout: 'Sign out', store: 'Store', allStores: 'All stores' },
  menu: {
    settings: 'Settings',
    sms: 'SMS',
    dashboard: 'Dashboard', stores: 'Stores', staff: 'Staff', roles: 'Roles', catalog: 'Catalog', categories: 'Categories', products: 'Products',
    imports: 'Import', stock: 'Stock', stockLevels: 'Stock levels', movements: 'Stock ledger', warehouses: 'Warehouses', team: 'Team', customers: 'Members', orders: 'Orders', refundRequests: 'Refund requests', payments: 'Payments',
    marketing: 'Marketing', plugins: 'Plugins', platform: 'Platform', partners: 'Partners', merchants: 'Merchants', platformPlugins: 'Plugin installs',
  },
  fields: { address: 'Address', phone: 'Phone', franchise: 'Franchise', consignment: 'Consignment', gender: 'Gender', note: 'Note', permissions: 'Permissions', merchantAdmin: 'Merchant admin' },
  login: { title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Sign-in failed' },
  dashboard: { sales: "Today's sales", orders: "Today's orders", averageTicket: 'Average ticket', chart: 'Sales, last 30 days' },
  common: {
    create: 'Create', edit: 'Edit', save: 'Save', cancel: 'Cancel', delete: 'Delete', detail: 'Details', search: 'Search', actions: 'Actions',
    yes: 'Yes', no: 'No', empty: 'Nothing yet', name: 'Name', code: 'Code', createdAt: 'Created', status: 'Status', saved: 'Saved', dateRange: 'Date range',
  },
  products: {
    name: 'Product name', category: 'Category', price: 'Price', skus: 'SKUs', specs: 'Specs', specName: 'Spec', specValues: 'Values (comma separated)',
    addSpec: 'Add spec', buildMatrix: 'Build SKUs', barcode: 'Barcode', stock: 'Stock', weighed: 'Weighed', unit: 'Unit', images: 'Images', upload: 'Upload image',
    onSale: 'On sale', offSale: 'Off sale',
  },
  orders: {
    number: 'Order no.', total: 'Total', paid: 'Paid', refunded: 'Refunded', channel: 'Channel', lines: 'Lines', quantity: 'Qty', unitPrice: 'Unit price',
    adjustments: 'Adjustments', payments: 'Payments', refunds: 'Refunds', refund: 'Refund', refundAll: 'Refund all', refundLines: 'Partial refund',
    reason: 'Reason', method: 'Method', amount: 'Amount', source: 'Source',
  },
  orderStatus: { pending_payment: 'Awaiting payment', paid: 'Paid', fulfilled: 'Fulfilled', completed: 'Completed', cancelled: 'Cancelled', partially_refunded: 'Partly refunded', refunded: 'Refunded' },
  refundRequests: {
    time: 'Requested', customer: 'Customer', decidedBy: 'Decided by', automatic: 'Automatic', search: 'Order no. or phone',
    approve: 'Approve', reject: 'Reject', approveConfirm: 'Approving refunds {{amount}} to how it was paid. Go ahead?',
    approved: 'Approved; the money goes back', rejected: 'Rejected', note: 'Reason for rejecting', noteHelp: 'The customer sees this note on the order in the mall',
  },
  refundRequestState: { requested: 'To review', approved: 'Refunded', rejected: 'Rejected' },
  payments: { time: 'Paid at' },
  paymentStatus: { pending: 'Pending', succeeded: 'Paid', failed: 'Failed', cancelled: 'Cancelled' },
  categories: {
    parent: 'Parent category', top: '(top level)', sort: 'Order', sortHelp: 'Smaller numbers come first among siblings',
    selectHint: 'Select a category on the left to rename, move or delete it',
    deleteConfirm: 'Delete the category "{{name}}"?', deleted: 'Deleted',
    inUse: 'Cannot delete: this category still has {{children}} subcategories and {{products}} products. Move or delete them first.',
  },
  stock: {
    warehouse: 'Warehouse', allWarehouses: 'All warehouses', central: 'Central (no store)', storeHelp: 'Leave empty for a central warehouse',
    kind: 'Kind', default: 'Default', kinds: { store: 'Store', merchant: 'Central' }, onHand: 'On hand', updatedAt: 'Updated', time: 'Time',
    type: 'Type', delta: 'Change', balanceAfter: 'Balance after', reason: 'Reason', sku: 'SKU', mode: 'Adjustment',
    modes: { in: 'Stock in', out: 'Stock out', set: 'Count (set to)' }, quantity: 'Quantity', gramsHint: 'Weighed goods are counted in grams',
    adjust: 'Adjust stock', adjusted: 'Stock adjusted',
    types: { initial: 'Opening', adjustment: 'Adjustment', sale: 'Sale', refund: 'Return', purchase: 'Purchase' },
  },
  staff: {
    resetPassword: 'Reset password', newPassword: 'New password', confirmPassword: 'Confirm new password', passwordRule: 'At least 8 characters',
    mismatch: 'The passwords do not match', resetDone: 'Password reset; they sign in again with the new one',
    resetHelp: 'Set a new password for {{username}}. Saving signs them out on every device.',
  },
  plugins: {
    version: 'Version', enabled: 'Enabled', disabled: 'Disabled', enable: 'Enable', disable: 'Disable', configure: 'Configure', degraded: 'Degraded',
    secretSet: 'Set (leave empty to keep)', install: 'Install', upgrade: 'Upgrade', uninstall: 'Uninstall', tenants: 'Merchants using it',
  },
  partners: {
    checklist: 'Service-provider payment parameters', mchid: 'Provider mchid', appid: 'Official account AppID', serialNo: 'Certificate serial no.',
    apiV3Key: 'APIv3 key', privateKey: 'API private key', certificate: 'API certificate', set: 'Set', missing: 'Missing', domains: 'Official account domains',
    domainsHelp: 'In the WeChat Official Accounts Platform (Settings → Account settings → Features), enter three domains: business domain, JS API safe domain, web authorisation domain.',
    subMchid: 'Sub-merchant id',
  },
  sms: {
    provider: 'Provider', tencent: 'Tencent Cloud SMS', signName: 'Signature', signNameHelp: 'The approved signature, without 【】', templateId: 'Template ID',
    templateWithMinutes: 'Template has minutes {2}', templateHelp: 'In the code template {1} is the code; when on, {2} is the minutes it stays valid (5)',
    secretSet: 'Set', secretSetLast4: 'Set (…{{last4}})', secretMissing: 'Not set', keepSecret: 'Leave empty to keep the saved one',
    configured: 'Configured', notConfigured: 'Not configured', updatedAt: 'Updated',
    demoMode: 'Demo mode: the mall sends no SMS; the phone sign-in code is always {{code}}',
    demoModeUnknown: 'In demo mode the mall sends no SMS and takes the demo code',
    live: 'The mall sends its phone sign-in codes through this account', liveMissing: 'Phone sign-in in the mall is off until an SMS account is set',
    delete: 'Delete settings', deleteConfirm: 'The mall will not be able to send sign-in codes (except in demo mode). Delete?', deleted: 'Deleted',
    rules: { secret: '8–128 letters or digits', sdkAppId: '6–12 digits', signName: 'Enter the signature, at most 40 characters', templateId: '1–12 digits' },
  },
};
