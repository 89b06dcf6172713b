import type { Scenario } from '../lib/scenario.ts';
import { checkoutPlugins } from './checkout-plugins.ts';
import { pgbenchScenario } from './pgbench.ts';

/**
 * Every scenario `npm run bench` knows, in the order they run (one at a time: a scenario
 * never shares the machine with another). Issue 9's scenarios are added here; a scenario
 * that compares itself with another (pgbench with the checkout) runs after it.
 */
export const scenarios: Scenario[] = [
  checkoutPlugins,
  pgbenchScenario,
];
