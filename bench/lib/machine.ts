import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, totalmem, type as osType } from 'node:os';
import { repoRoot } from './server-process.ts';

export interface MachineInfo {
  hostname: string;
  os: string;
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  loadAverage: number[];
  node: string;
  autocannon: string;
  postgres: string;
  pgbench: string | null;
  postgresSettings: Record<string, string>;
  gitCommit: string | null;
  gitDirty: boolean | null;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(pg: { version: string; settings: Record<string, string>; bin: string }): MachineInfo {
  const list = cpus();
  let pgbench: string | null = null;
  try {
    pgbench = execFileSync(`${pg.bin}/pgbench`, ['--version'], { encoding: 'utf8' }).trim();
  } catch { /* not installed */ }
  const autocannon = (JSON.parse(readFileSync(`${repoRoot}/node_modules/autocannon/package.json`, 'utf8')) as { version: string }).version;
  const status = git(['status', '--porcelain']);
  return {
    hostname: hostname(),
    os: `${osType()} ${release()}`,
    cpuModel: list[0]?.model ?? 'unknown',
    cpus: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
    node: process.version,
    autocannon,
    postgres: pg.version,
    pgbench,
    postgresSettings: pg.settings,
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
  };
}
