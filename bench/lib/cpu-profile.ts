import { readFileSync } from 'node:fs';
import { repoRoot } from './server-process.ts';

/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) as markdown: where the server's CPU went, by
 * package or kernel folder (self time), and the kernel functions with the most time under them
 * (inclusive time). Open the file itself in Chrome DevTools or speedscope for the whole picture.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const special = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function where(url: string): string {
  const path = url.replace(/^file:\/\//, '').replace(repoRoot + '/', '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  if (path.startsWith('node:')) return 'node (built-in)';
  const local = /^(core\/src\/(?:kernel\/)?[^/]+|bench\/[^/]+|plugins\/[^/]+|plugin-sdk)/.exec(path);
  if (local) return local[1]!;
  return path;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (special.has(functionName)) return functionName;
  const path = url.replace(/^file:\/\//, '').replace(repoRoot + '/', '');
  return `${functionName || '(anonymous)'} ${path}:${lineNumber + 1}`;
}

export function summariseCpuProfile(file: string, top = 20): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfByPlace = new Map<string, number>();
  const selfByFrame = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    total += micros;
    if (node.callFrame.functionName === '(idle)') {
      idle += micros;
      return;
    }
    // Native frames (no script) by name: `writev` is the socket writes to PostgreSQL and clients.
    const place = special.has(node.callFrame.functionName) ? node.callFrame.functionName
      : node.callFrame.url ? where(node.callFrame.url) : `(native) ${node.callFrame.functionName || '?'}`;
    selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + micros);
    const name = frameName(node);
    selfByFrame.set(name, (selfByFrame.get(name) ?? 0) + micros);
    // Inclusive time of the project's own functions: each counted once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!;
      if (!/\/(core|bench|plugins|plugin-sdk)\//.test(frame.callFrame.url) || /node_modules/.test(frame.callFrame.url)) continue;
      const key = frameName(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
  });
  const busy = total - idle;
  const pct = (micros: number) => `${((micros / busy) * 100).toFixed(1)}%`;
  const ms = (micros: number) => (micros / 1000).toFixed(0);
  const table = (title: string, entries: Map<string, number>, n: number) => [
    `| ${title} | ms | % of busy |`, '|---|---:|---:|',
    ...[...entries.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `| \`${k}\` | ${ms(v)} | ${pct(v)} |`),
  ].join('\n');
  return [
    `Sampled ${ms(total)} ms: busy ${ms(busy)} ms, idle ${ms(idle)} ms.`,
    '',
    '**Self time by package / kernel folder**',
    '',
    table('where', selfByPlace, top),
    '',
    '**Self time by function**',
    '',
    table('function', selfByFrame, top),
    '',
    '**Inclusive time of the project\'s functions**',
    '',
    table('function', inclusive, top),
  ].join('\n');
}
