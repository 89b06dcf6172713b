import { fileURLToPath } from 'node:url';
import { definePlugin, type Label } from '@lingshou/plugin-sdk';
import pkg from '../package.json' with { type: 'json' };
import { checkChoice, printGreeting, storeChoice } from './greeting-taps.ts';
import { orderGreetingRoutes } from './order-greeting.routes.ts';
import { templateForm } from './templates.schemas.ts';
import { templatesRoutes } from './templates.routes.ts';

const greeting: Label = { zh: '祝福语', en: 'Greeting' };

/**
 * The apps' greeting picker, one declarative block for the till's cart and the mall's checkout:
 * the options come from GET /templates (the mall's from GET /mall/templates), and the pick goes into the checkout's
 * `pluginInputs.greetings` as `{ templateId }`, or `{ text }` when typed by hand.
 */
const picker = {
  type: 'choice',
  input: 'pluginInputs.greetings',
  options: { route: '/templates?enabled=true&_sort=sort&_end=100', value: 'id', label: 'text', group: 'category', as: 'templateId' },
  custom: { as: 'text', maxLength: 60, placeholder: { zh: '自定义祝福语', en: 'Write your own' } },
};

/**
 * 祝福语 (seed 2.4.3.9): a merchant keeps greeting templates; a customer (mall) or a cashier (till)
 * picks one, or writes one, for an order; it is stored on the order and printed on the receipt.
 */
export default definePlugin({
  id: 'greetings',
  version: pkg.version,
  kernel: '^1.0.0',
  name: { zh: '祝福语', en: 'Greetings' },
  description: { zh: '为订单选择或填写祝福语，打印在小票上', en: 'Pick or write a greeting for an order; it prints on the receipt' },
  icon: 'GiftOutlined',
  permissions: ['orders:read', 'orders:write'],
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  hooks: (h) => {
    h.tap('checkout.validate', checkChoice);
    h.tap('order.created', storeChoice);
    h.tap('receipt.render', printGreeting);
  },
  routes: async (app, options) => {
    await templatesRoutes(app, options);
    await orderGreetingRoutes(app, options);
  },
  admin: {
    menu: [{
      key: 'greetings', label: { zh: '祝福语设置', en: 'Greetings' }, icon: 'GiftOutlined', parent: 'marketing', order: 60,
      permission: 'plugin.manage',
      page: { kind: 'crud', resource: '/templates', schema: templateForm, columns: ['text', 'category', 'enabled', 'sort'] },
    }],
  },
  pos: {
    cartPanels: [{ key: 'greeting', label: greeting, block: picker }],
    receiptBlocks: [{ key: 'greeting', label: greeting }],
  },
  mall: {
    // The same picker, fed by the customer's route (the till's list needs a staff token).
    blocks: [{ key: 'greeting', slot: 'checkout', label: greeting, block: { ...picker, options: { ...picker.options, route: '/mall/templates' } } }],
  },
});
