import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './machine.ts';
import type { BenchOptions, ScenarioResult } from './scenario.ts';
import { repoRoot } from './server-process.ts';

const num = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? '' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Every scenario's rows and goals in one markdown table. */
export function markdownTable(results: ScenarioResult[]): string {
  const header = ['Scenario', 'Variant', 'Throughput', 'p50 ms', 'p95 ms', 'p99 ms', 'Server CPU ms/req', 'PG CPU ms/req', 'Requests', 'Failed', 'Goal', 'Met'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i >= 2 && i <= 9 ? '---:' : '---')).join('|')}|`];
  for (const result of results) {
    for (const row of result.rows) {
      lines.push(`| ${[
        result.name, row.label, row.throughput === null ? '—' : `${num(row.throughput)} ${row.unit}`,
        num(row.latencyMs?.p50, 2) || (row.latencyMs?.mean !== undefined ? `avg ${num(row.latencyMs.mean, 2)}` : ''),
        num(row.latencyMs?.p95, 2), num(row.latencyMs?.p99, 2),
        num(row.serverCpuMsPerRequest, 2), num(row.pgCpuMsPerRequest, 2),
        row.requests === undefined ? '' : String(row.requests), row.failed === undefined ? '' : String(row.failed), '', '',
      ].join(' | ')} |`);
    }
    for (const goal of result.goals) {
      lines.push(`| ${[result.name, goal.name, goal.display, '', '', '', '', '', '', '', goal.met === null ? goal.goal : `${goal.goal} (${goal.source})`, goal.met === null ? '—' : goal.met ? 'yes' : '**no**'].join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  mode: 'quick' | 'full';
  options: BenchOptions;
  machine: MachineInfo;
  postgres: { origin: string; version: string; settings: Record<string, string> };
  servers: { profile: string; plugins: number; bootMs: number; rssBytesAtEnd: number | undefined; warnings: string[] }[];
  results: ScenarioResult[];
  ok: boolean;
  table: string;
}

/** bench/results/<timestamp>.json (git-ignored). */
export function writeReport(report: BenchReport): string {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}${report.mode === 'quick' ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}
