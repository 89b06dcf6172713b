import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and memory of processes, from /proc (Linux). CPU seconds per request are a much
 * steadier figure than throughput on a small shared machine, where the load generator, the
 * server and PostgreSQL take turns on the same cores.
 */

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

interface Stat { ppid: number; utime: number; stime: number; cutime: number; cstime: number }

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
    return { ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]), cutime: Number(fields[13]), cstime: Number(fields[14]) };
  } catch {
    return undefined;
  }
}

export const procAvailable = () => existsSync('/proc/self/stat');

/** CPU seconds a process has used (user + system). */
export function cpuSeconds(pid: number): number | undefined {
  const stat = readStat(pid);
  return stat ? (stat.utime + stat.stime) / clockTicks() : undefined;
}

/**
 * CPU seconds of a process and all its children, live and ended (PostgreSQL's postmaster and
 * its backends): the process's own time, the time of the children it has reaped, and the time
 * of those still running.
 */
export function treeCpuSeconds(pid: number): number | undefined {
  const root = readStat(pid);
  if (!root) return undefined;
  let total = root.utime + root.stime + root.cutime + root.cstime;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.ppid === pid) total += stat.utime + stat.stime;
  }
  return total / clockTicks();
}

/** Resident memory in bytes (VmRSS). */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine has been busy (all cores; not idle, not waiting for I/O). */
export function machineBusySeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - fields[3]! - fields[4]!) / clockTicks();
  } catch {
    return undefined;
  }
}

/** A process and its descendants (npm → sh → node, a server and its workers). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    tree.push(next);
    pending.push(...(children.get(next) ?? []));
  }
  return tree;
}

/**
 * CPU seconds a process tree has used so far: each live process's own time and that of the
 * children it has reaped (npm's shell, tsx's CLI and the server it runs).
 */
export function processTreeCpuSeconds(pid: number): number | undefined {
  const stats = processTree(pid).map(readStat).filter((s): s is Stat => s !== undefined);
  return stats.length ? stats.reduce((sum, s) => sum + s.utime + s.stime + s.cutime + s.cstime, 0) / clockTicks() : undefined;
}

/** Resident memory of a process and its descendants, in bytes (undefined once it is gone). */
export function treeRssBytes(pid: number): number | undefined {
  const sizes = processTree(pid).map(rssBytes).filter((n): n is number => n !== undefined);
  return sizes.length ? sizes.reduce((a, b) => a + b, 0) : undefined;
}

/**
 * Samples the resident memory of a process tree while something runs (a load round): the peak
 * is what the server needs under that load, which one reading at the end can miss.
 */
export function sampleRss(pid: number, everyMs = 250): { stop(): { peakBytes: number | undefined; samples: number } } {
  let peak: number | undefined;
  let samples = 0;
  const read = () => {
    const bytes = treeRssBytes(pid);
    if (bytes === undefined) return;
    samples++;
    peak = Math.max(peak ?? 0, bytes);
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return { peakBytes: peak, samples };
    },
  };
}
