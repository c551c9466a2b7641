// Facts about the machine a benchmark ran on, so every figure in docs/benchmarks.md says where it came from.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  date: string;
}

/** CPU model from /proc/cpuinfo (Linux), else what Node reports. */
export function cpuModel(cpuinfo?: string): string {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      text = '';
    }
  }
  const m = /^model name\s*:\s*(.+)$/m.exec(text);
  return (m?.[1] ?? os.cpus()[0]?.model ?? 'unknown').trim();
}

export function machineFacts(now = new Date()): MachineFacts {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}
