import type { ReceiptBlock, TapFn } from '@lingshou/plugin-sdk';
import { resolveChoice, type Greeting } from './greeting-choice.ts';

const INPUT = 'pluginInputs.greetings';

/** At checkout (quote and order alike): refuses a greeting that cannot be stored, before anything is written. */
export const checkChoice: TapFn<'checkout.validate'> = async (_draft, ctx) => {
  await resolveChoice(ctx, ctx.input, INPUT);
};

/**
 * In the order's transaction: stores the greeting chosen at checkout (`ctx.input`, this plugin's
 * entry of the checkout's pluginInputs) on the order. The till can also set it after the sale
 * with PUT /orders/:orderId.
 */
export const storeChoice: TapFn<'order.created'> = async (_event, ctx) => {
  const greeting = await resolveChoice(ctx, ctx.input, INPUT);
  if (greeting) await ctx.kernel.orders.setExtension(ctx.orderId, greeting);
};

/** Prints the order's greeting at the foot of its receipt. */
export const printGreeting: TapFn<'receipt.render'> = async (receipt, ctx) => {
  const order = await ctx.kernel.orders.get(ctx.orderId);
  const greeting = order.extensions?.greetings as Greeting | null | undefined;
  if (!greeting?.text) return receipt;
  const blocks: ReceiptBlock[] = [{ source: 'greetings', kind: 'line', text: '' }, { source: 'greetings', kind: 'text', text: greeting.text }];
  return { ...receipt, blocks: [...receipt.blocks, ...blocks] };
};
