import type { Session } from './api.ts';
import type { BenchPostgres } from './postgres.ts';
import type { BenchServer } from './server-process.ts';

export interface BenchOptions {
  quick: boolean;
  /** Measured rounds per variant (variants are interleaved, the median is reported). */
  rounds: number;
  /** Seconds of load per variant per round. */
  durationSec: number;
  /** Seconds of unrecorded load per variant before the rounds. */
  warmupSec: number;
  /** Concurrent HTTP connections of the load generator. */
  connections: number;
  /** Scenario names to run (null: all). */
  only: string[] | null;
  /** Exit non-zero when a goal is missed (failed requests always do). */
  strict: boolean;
  /** Stores per seeded tenant, when given (scenarios have their own default). */
  stores: number | null;
  /** Only these variants of a scenario (e.g. `b` of checkout-plugins), null: all. */
  variants: string[] | null;
  /**
   * Profiling run: servers write V8 CPU profiles and PostgreSQL counts statements
   * (pg_stat_statements); figures from such a run are not comparable with normal ones.
   */
  profile: boolean;
}

/** What a scenario gets from the runner. */
export interface BenchContext {
  options: BenchOptions;
  pg: BenchPostgres;
  /**
   * A server process loading these plugin profiles (bench/plugins/index.ts), started on first
   * use and shared by every scenario that asks for the same profiles.
   */
  server(profile: string): Promise<BenchServer>;
  /** The platform operator, signed in on that server. */
  operator(server: BenchServer): Promise<Session>;
  /**
   * ANALYZE the app database. Call it once the tables hold representative data (after a
   * warm-up): a database in use has statistics, and plans made without them (the servers'
   * cached foreign-key checks among them) can scan a tenant's rows to check one key.
   */
  analyze(): Promise<void>;
  /** Unique to this run: scenarios put it in client ids so reruns never collide. */
  runTag: string;
  /** With --profile: the folder for profiles and statement counts; null otherwise. */
  profileDir: string | null;
  /** Results of the scenarios that ran before this one. */
  results: ScenarioResult[];
  /**
   * What several scenarios share (the realistic tenant): made by the first scenario that asks
   * for `key`, the same promise for every later one in this run.
   */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
  log(line: string): void;
}

/** One measured configuration: a line of the table. */
export interface ResultRow {
  variant: string;
  label: string;
  /** null for a row that times something other than a load (cold start: the latencies are start times). */
  throughput: number | null;
  unit: 'req/s' | 'tps' | 'claims/s' | 'refusals/s';
  latencyMs?: { p50?: number; p95?: number; p99?: number; mean?: number };
  /** Server CPU per request (ms), when measured. */
  serverCpuMsPerRequest?: number;
  /** PostgreSQL CPU per request (ms), when measured (throwaway cluster only). */
  pgCpuMsPerRequest?: number;
  /** Responses counted in the figures (all rounds). */
  requests?: number;
  /** Failed requests (non-2xx and errors), warm-up included. */
  failed?: number;
  /** Per-round figures and anything else worth keeping in the JSON. */
  detail?: Record<string, unknown>;
}

/** A goal from an issue, checked against the figures: a line of the table too. */
export interface GoalCheck {
  name: string;
  value: number;
  /** The value as shown: `0.93×`, `41 ms`. */
  display: string;
  goal: string;
  /** null for a figure shown for information, with no goal to meet. */
  met: boolean | null;
  /** Where the goal comes from (`issue 3`). */
  source: string;
}

export interface ScenarioOutcome {
  rows: ResultRow[];
  goals: GoalCheck[];
  /** Anything that makes the run invalid (failed requests, a wrong total): the bench fails. */
  failures: string[];
  notes: string[];
  data?: Record<string, unknown>;
}

export interface ScenarioResult extends ScenarioOutcome {
  name: string;
  title: string;
  seconds: number;
}

/**
 * A benchmark scenario: `setup` seeds what it needs (through the API) and `run` measures.
 * Register it in bench/scenarios/index.ts; the runner prints its rows and goals in the table
 * and writes them to bench/results/<timestamp>.json.
 */
export interface Scenario<State = unknown> {
  /** Short, kebab-case: what `--only` takes. */
  name: string;
  title: string;
  /** Where it comes from (`issue 3`, `issue 9 §1`). */
  source: string;
  /**
   * With --quick, run alongside the other scenarios instead of after them (a smoke check that
   * would otherwise take most of the minute). Its result keeps its place in the table.
   */
  quickAlongside?: boolean;
  setup(ctx: BenchContext): Promise<State>;
  run(ctx: BenchContext, state: State): Promise<ScenarioOutcome>;
}

/** Lets a registry hold scenarios with different state types. */
export function defineScenario<State>(scenario: Scenario<State>): Scenario<unknown> {
  return scenario as unknown as Scenario<unknown>;
}
