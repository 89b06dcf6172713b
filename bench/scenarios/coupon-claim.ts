import { call, type Session } from '../lib/api.ts';
import { runLoad } from '../lib/load.ts';
import { treeCpuSeconds } from '../lib/procstat.ts';
import { defineScenario, type GoalCheck, type ResultRow } from '../lib/scenario.ts';
import { enablePlugins, installPlugins, mapLimit, seedShop, type SeededShop } from '../lib/seed.ts';
import type { BenchServer } from '../lib/server-process.ts';
import { median, round } from '../lib/stats.ts';

/**
 * Issue 9 §5: the hot claim of one merchant-coupon stock. A merchant bound to WeChat Pay (the
 * server's sandbox, as in the demo) runs the merchant-coupon plugin and one coupon with a budget;
 * many signed-in mall customers claim it at once (POST …/mall/coupons/:id/claim, closed loop,
 * --connections connections, each request from the next customer) until the budget is gone and
 * after. Every answer counts: 200 (a place reserved, WeChat's send-coupon parameters signed), 409
 * sold out, 409 limit reached (a customer who already holds the most one may); anything else fails
 * the run. The claim rate is the successful claims over the time until the last of them was
 * answered (the budget running out); the refusal rate, the refusals over the rest of the round.
 * Each round claims a fresh coupon; afterwards the coupon's claimed count must equal the 200s
 * and the budget.
 */

const PLUGIN = 'merchant-coupon';
const BASE = `/api/v1/plugins/${PLUGIN}`;
const SANDBOX_SMS_CODE = '123456';
const SP_MCHID = '1900000200';
const SUB_MCHID = '1900000209';
const SP_APPID = 'wx9999999999999999';
/** Each customer may hold this many (WeChat allows up to 100): the budget outlasts one claim per customer. */
const PER_USER_LIMIT = 20;

interface Round {
  round: number;
  /** Successful claims per second while the budget lasted. */
  claimRate: number;
  /** Refusals (sold out, limit reached) per second after it was gone. */
  refusalRate: number;
  /** Seconds from the round's start to the last successful claim's answer. */
  budgetGoneSec: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  responses: number;
  claimed: number;
  soldOut: number;
  limitReached: number;
  claimedCount: number;
  serverCpuMsPerRequest?: number;
  pgCpuMsPerRequest?: number;
}

interface State {
  server: BenchServer;
  shop: SeededShop;
  bearers: string[];
  budget: number;
}

interface CouponOut { id: string; state: string; claimedCount: number; budgetLeft: number }

/** WeChat Pay through the sandbox: a service provider with the merchant as its sub-merchant, as the demo seeds it. */
async function bindToSandbox(server: BenchServer, operator: Session, tenantId: string): Promise<void> {
  const { body: sp } = await call<Record<string, string>>(server.url, null, 'POST', '/sandbox/wechatpay/admin/service-providers/provision', {
    body: { name: '压测服务商（沙箱）', spMchid: SP_MCHID, spAppid: SP_APPID, subMerchants: [{ subMchid: SUB_MCHID, name: '压测商户Q', noCashAuthorized: true }] },
    expect: [201],
  });
  const partner = await operator.post<{ id: string }>('/api/v1/platform/partners', {
    name: '压测服务商（沙箱）', spMchid: SP_MCHID, spAppid: SP_APPID, officialAppid: SP_APPID, wechatpayApi: 'sandbox',
    apiCertSerial: sp.apiCertSerial, apiCertificate: sp.apiCertificate, apiPrivateKey: sp.apiPrivateKey,
    apiv3Key: sp.apiv3Key, apiv2Key: sp.apiv2Key, platformCertificate: sp.platformCertificate,
  });
  await operator.call('PATCH', `/api/v1/platform/merchants/${tenantId}`, { body: { partnerId: partner.id, subMchid: SUB_MCHID } });
}

export const couponClaim = defineScenario<State>({
  name: 'coupon-claim',
  title: 'Hot claim of one merchant-coupon stock by many customers',
  source: 'issue 9 §5',
  // Its own server, tenant and plugin: a smoke check can overlap the others.
  quickAlongside: true,

  async setup(ctx) {
    const quick = ctx.options.quick;
    const customers = quick ? 100 : 500;
    // Large enough to measure the claim rate over seconds: the claims race for the last places,
    // then meet "sold out".
    const budget = quick ? 50 : 4000;
    const server = await ctx.server(PLUGIN);
    const operator = await ctx.operator(server);
    const shop = await seedShop(operator, { name: '压测商户Q', key: `${ctx.runTag}-q`, stores: 1, skus: 0, stockPerSku: 0, log: ctx.log });
    await bindToSandbox(server, operator, shop.tenantId);
    await installPlugins(operator, [PLUGIN]);
    await enablePlugins(shop.admin, [PLUGIN]);
    const started = Date.now();
    // Customers sign in to the mall with their phone (the sandbox's SMS code); the first sign-in makes the customer.
    const bearers = await mapLimit(Array.from({ length: customers }, (_, i) => i), 8, async (i) => {
      const { body } = await call<{ accessToken: string }>(server.url, null, 'POST', '/api/v1/mall/auth/phone', {
        body: { merchantId: shop.tenantId, phone: `138${String(i).padStart(8, '0')}`, code: SANDBOX_SMS_CODE },
      });
      return `Bearer ${body.accessToken}`;
    });
    ctx.log(`coupon-claim: ${customers} customers signed in to the mall (${Date.now() - started} ms)`);
    return { server, shop, bearers, budget };
  },

  async run(ctx, { server, shop, bearers, budget }) {
    const { options } = ctx;
    // A round lasts until the budget is gone and refusals have been answered for a while (a
    // fifth of --duration), so the budget fits whatever rate this machine claims at; at most
    // four times --duration, after which the round fails as too short.
    const roundSec = options.quick ? Math.min(options.durationSec, 2) : options.durationSec;
    const refusalWindowMs = roundSec * 200;
    const durationSec = 4 * roundSec;
    const rounds: Round[] = [];
    const failures: string[] = [];
    let failed = 0;
    for (let r = 0; r < options.rounds; r++) {
      const coupon = await shop.admin.post<CouponOut>(`${BASE}/coupons`, {
        name: `压测抢券${r + 1}`, scopeText: '全场通用', type: 'fixed', thresholdFen: 1000, amountFen: 200, maxCoupons: budget, perUserLimit: PER_USER_LIMIT,
        availableUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      });
      if (coupon.state !== 'running') throw new Error(`the new coupon is ${coupon.state}, not running`);
      let n = r * 7919;
      const path = `${BASE}/mall/coupons/${coupon.id}/claim`;
      const pgPid = ctx.pg.postmasterPid;
      const serverBefore = server.cpuSeconds();
      const pgBefore = pgPid ? treeCpuSeconds(pgPid) : undefined;
      let soldOut = 0;
      let limitReached = 0;
      const loadStarted = performance.now();
      let lastClaimAt = loadStarted;
      let firstSoldOutAt: number | undefined;
      const load = await runLoad({
        url: server.url, connections: options.connections, durationSec,
        stopWhen: () => firstSoldOutAt !== undefined && performance.now() - firstSoldOutAt >= refusalWindowMs,
        next: () => ({ method: 'POST', path, headers: { authorization: bearers[n++ % bearers.length]! } }),
        onResponse: (status, body) => {
          if (status === 200) lastClaimAt = performance.now();
          if (status !== 409) return;
          if (body.includes('LS_MERCHANT_COUPON_SOLD_OUT')) {
            soldOut++;
            firstSoldOutAt ??= performance.now();
          }
          else if (body.includes('LS_MERCHANT_COUPON_LIMIT_REACHED')) limitReached++;
        },
      });
      const serverAfter = server.cpuSeconds();
      const pgAfter = pgPid ? treeCpuSeconds(pgPid) : undefined;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const claimed = load.statusCodes['200'] ?? 0;
      const bad = load.responses - claimed - soldOut - limitReached + load.errors;
      if (bad > 0) {
        failed += bad;
        failures.push(`coupon-claim round ${r + 1}: ${bad} failed: statuses ${JSON.stringify(load.statusCodes)}, errors ${load.errors}; ${load.failures.join(' | ')}`);
      }
      const after = await shop.admin.get<CouponOut>(`${BASE}/coupons/${coupon.id}`);
      if (after.claimedCount > budget) failures.push(`coupon-claim round ${r + 1}: ${after.claimedCount} claimed of a budget of ${budget}`);
      if (after.claimedCount < claimed || after.claimedCount > claimed + options.connections) {
        failures.push(`coupon-claim round ${r + 1}: the coupon counts ${after.claimedCount} claims, ${claimed} were answered 200 (+ at most ${options.connections} in flight)`);
      }
      if (claimed < budget) failures.push(`coupon-claim round ${r + 1}: only ${claimed} of the budget of ${budget} claimed before the round stopped at ${durationSec} s: lengthen --duration`);
      const perRequest = (before?: number, a?: number) => (before === undefined || a === undefined || load.responses === 0 ? undefined : round(((a - before) * 1000) / load.responses, 3));
      // Throughput counts every answer: once the budget is gone, "sold out" is the answer.
      const answered = (claimed + soldOut + limitReached) / load.durationSec;
      const budgetGoneSec = (lastClaimAt - loadStarted) / 1000;
      const refusals = soldOut + limitReached;
      rounds.push({
        round: r + 1, claimRate: round(claimed / budgetGoneSec, 1), refusalRate: round(refusals / Math.max(load.durationSec - budgetGoneSec, 0.001), 1),
        budgetGoneSec: round(budgetGoneSec, 2), throughput: round(answered, 2), p50: round(load.latencyMs.p50), p95: round(load.latencyMs.p95), p99: round(load.latencyMs.p99),
        responses: load.responses, claimed, soldOut, limitReached, claimedCount: after.claimedCount,
        serverCpuMsPerRequest: perRequest(serverBefore, serverAfter), pgCpuMsPerRequest: perRequest(pgBefore, pgAfter),
      });
      ctx.log(`round ${r + 1}/${options.rounds} coupon-claim: ${(claimed / budgetGoneSec).toFixed(1)} claims/s (budget gone at ${budgetGoneSec.toFixed(1)} s), ${answered.toFixed(1)} answers/s, p95 ${load.latencyMs.p95.toFixed(1)} ms; ${claimed} claimed, ${soldOut} sold out, ${limitReached} limit reached; the coupon counts ${after.claimedCount} of ${budget}`);
    }
    const med = (pick: (x: Round) => number | undefined) => {
      const values = rounds.map(pick).filter((x): x is number => x !== undefined);
      return values.length ? median(values) : undefined;
    };
    const cpu = { serverCpuMsPerRequest: med((x) => x.serverCpuMsPerRequest), pgCpuMsPerRequest: med((x) => x.pgCpuMsPerRequest) };
    const claimRate = med((x) => x.claimRate) ?? 0;
    const rows: ResultRow[] = [{
      variant: 'claims', label: `${options.connections} connections, ${bearers.length} customers, budget ${budget}: successful claims`,
      throughput: claimRate, unit: 'claims/s', detail: { rounds },
    }, {
      variant: 'refusals', label: 'then sold out', throughput: med((x) => x.refusalRate) ?? 0, unit: 'refusals/s',
    }, {
      variant: 'answers', label: 'every answer of the round', throughput: med((x) => x.throughput) ?? 0, unit: 'req/s',
      latencyMs: { p50: med((x) => x.p50), p95: med((x) => x.p95), p99: med((x) => x.p99) }, ...cpu,
      requests: rounds.reduce((sum, x) => sum + x.responses, 0), failed,
    }];
    const most = Math.max(0, ...rounds.map((x) => x.claimedCount));
    const fewest = Math.min(...rounds.map((x) => x.claimedCount));
    const goals: GoalCheck[] = [
      { name: 'issued = budget (every round)', value: most, display: fewest === most ? `${most} of ${budget}` : `${fewest}–${most} of ${budget}`, goal: `= ${budget}`, met: most === budget && fewest === budget, source: 'issue 5' },
      { name: 'successful claims/s', value: claimRate, display: `${claimRate}/s`, goal: '≥ 1,000/s', met: claimRate >= 1000, source: 'issue 5' },
    ];
    return {
      rows, goals, failures,
      notes: [`the claim rate counts the 200s up to the last one (the budget gone); the refusal rate, the 409s after it; per round ${rounds.map((x) => `${x.claimed} claimed in ${x.budgetGoneSec} s / ${x.soldOut} sold out / ${x.limitReached} limit`).join('; ')}.`],
      data: { budget, customers: bearers.length, rounds },
    };
  },
});
