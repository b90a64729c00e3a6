// Summarises a V8 CPU profile of the server (written by `--profile`):
// self time by package and by function, and inclusive time of the heaviest
// functions, as shares of the profiled time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { printTable } from './lib/report.js';

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

/** Where a frame's code lives: a package, a file of ours, or V8/Node itself. */
function owner(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const ours = /packages\/([^/]+)\/(?:src|dist)\/(.+?)\.[jt]s$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '').slice(-60);
}

export function profileSummary(path: string, fromSeconds = 0, toSeconds = Infinity, top = 25): void {
  // A directory: the largest profile in it is the server's main thread (tsx's
  // module loader thread writes a small one of its own).
  const file = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(path, f))
        .sort((a, b) => statSync(b).size - statSync(a).size)[0]!
    : path;
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode): string =>
    `${n.callFrame.functionName || '(anonymous)'} ${owner(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`;

  const self = new Map<string, number>();
  const selfOwner = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  // Time sampled inside socket writes to PostgreSQL: on a busy machine mostly
  // the thread being descheduled after waking the backend, not CPU work.
  let socketWrites = 0;
  let clock = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    clock += dt;
    if (clock < fromSeconds * 1e6 || clock > toSeconds * 1e6) return;
    const node = byId.get(id)!;
    total += dt;
    const fn = node.callFrame.functionName;
    if (fn === '(idle)') idle += dt;
    if (!node.callFrame.url && (fn === 'writeBuffer' || fn === 'writev' || fn === 'writeUtf8String'))
      socketWrites += dt;
    self.set(key(node), (self.get(key(node)) ?? 0) + dt);
    const o = owner(node.callFrame.url, fn);
    selfOwner.set(o, (selfOwner.get(o) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const busy = total - idle;
  const work = busy - socketWrites;
  const pct = (x: number): string => `${((100 * x) / busy).toFixed(1)}%`;
  const pctWork = (x: number): string => `${((100 * x) / work).toFixed(1)}%`;
  const ms = (x: number): string => (x / 1000).toFixed(0);
  process.stdout.write(
    `${file}\nwindow ${(total / 1e6).toFixed(1)} s: busy ${(busy / 1e6).toFixed(1)} s, of which in socket writes ${(socketWrites / 1e6).toFixed(1)} s\n` +
      `(share: of busy time; excl. writes: of busy time outside socket writes)\n`,
  );
  const sorted = (m: Map<string, number>): [string, number][] =>
    [...m.entries()].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]);
  printTable(
    'self time by owner',
    ['owner', 'ms', 'share', 'excl. writes'],
    sorted(selfOwner)
      .slice(0, top)
      .map(([k, v]) => [k, ms(v), pct(v), pctWork(v)]),
  );
  printTable(
    'self time by function',
    ['function', 'ms', 'share', 'excl. writes'],
    sorted(self)
      .slice(0, top)
      .map(([k, v]) => [k.slice(0, 110), ms(v), pct(v), pctWork(v)]),
  );
  printTable(
    'inclusive time by function',
    ['function', 'ms', 'share', 'excl. writes'],
    sorted(inclusive)
      .filter(([k]) => !k.startsWith('(root)'))
      .slice(0, top * 2)
      .map(([k, v]) => [k.slice(0, 110), ms(v), pct(v), pctWork(v)]),
  );
}
