import type { Scenario } from '../lib/scenario.ts';
import { catalogPage } from './catalog-page.ts';
import { checkoutPlugins } from './checkout-plugins.ts';
import { coldStart } from './cold-start.ts';
import { couponClaim } from './coupon-claim.ts';
import { largeOrder } from './large-order.ts';
import { pgbenchScenario } from './pgbench.ts';

/**
 * Every scenario `npm run bench` knows, in the order they run (one at a time: a scenario
 * never shares the machine with another; only --quick overlaps coupon-claim and cold-start with the rest). A
 * scenario that reads another's figures runs after it: pgbench (the checkout's throughput).
 */
export const scenarios: Scenario[] = [
  checkoutPlugins,
  pgbenchScenario,
  largeOrder,
  catalogPage,
  couponClaim,
  coldStart,
];
