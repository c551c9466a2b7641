// Memory of a process tree from Linux /proc, sampled on a timer: the sum of RSS (VmRSS, counts shared pages
// once per process) and of PSS (smaps_rollup, shared pages split between processes) over every descendant
// of a root process. Used by bench/browserLarge.ts for the Chromium processes Playwright starts.
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeMemory {
  processes: number;
  rssBytes: number;
  /** null where smaps_rollup cannot be read */
  pssBytes: number | null;
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …; comm may contain spaces and parentheses
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(after[1]);
  } catch {
    return null;
  }
}

/** Every live descendant of `root` (not `root` itself). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const ppid = parentOf(pid);
    if (ppid === null) continue;
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const todo = [...(children.get(root) ?? [])];
  while (todo.length) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

function kB(text: string, key: string): number | null {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

export function treeMemory(root: number): TreeMemory {
  let rss = 0;
  let pss: number | null = 0;
  let n = 0;
  for (const pid of descendants(root)) {
    try {
      rss += kB(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS') ?? 0;
      n++;
    } catch {
      continue; // exited
    }
    try {
      const p = kB(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
      pss = pss === null || p === null ? null : pss + p;
    } catch {
      pss = null;
    }
  }
  return { processes: n, rssBytes: rss, pssBytes: pss };
}

/** Samples treeMemory(root) every `ms` until stop(); keeps the peaks. */
export function sampleTreeMemory(root: number, ms = 1000) {
  const peak = { rssBytes: 0, pssBytes: 0, processes: 0, samples: 0 };
  const take = () => {
    const m = treeMemory(root);
    peak.samples++;
    peak.rssBytes = Math.max(peak.rssBytes, m.rssBytes);
    peak.pssBytes = Math.max(peak.pssBytes, m.pssBytes ?? 0);
    peak.processes = Math.max(peak.processes, m.processes);
  };
  take();
  const timer = setInterval(take, ms);
  return {
    peak,
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}
