// Peak memory of the Pulumi dynamic provider process (the node process whose command line
// holds `@pulumi/pulumi/cmd/dynamic-provider`, started by this process's Pulumi CLI), sampled from /proc while it lives: VmHWM is the
// kernel's own RSS high-water mark, so a sample taken any time before exit sees the peak so
// far. Also the summed RSS of the lab shell processes (umlync-lab-shell.js) at each sample.

import * as fs from 'fs';

export interface MemoryPeaks {
  /** Largest VmHWM of any provider process seen (MiB); null when none was seen. */
  providerPeakMiB: number | null;
  /** Provider processes seen during the operation. */
  providerProcesses: number;
  /** Largest sum of VmRSS over the lab shell processes alive at one sample (MiB). */
  shellsPeakMiB: number;
  /** Most lab shell processes alive at one sample. */
  shellsPeakCount: number;
  /** CPU seconds (user + system) last seen per process kind: where the machine's time went. */
  cpuSeconds: { cli: number; provider: number; shells: number; bench: number };
}

type ProcKind = 'provider' | 'shell' | 'cli' | 'other';
const TICKS = 100; // USER_HZ on Linux

function cpuTicks(pid: string): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return undefined;
  }
}

function cmdline(pid: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function parentOf(pid: string): string | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  } catch {
    return undefined;
  }
}

/** True when pid descends from root (other users of the machine run their own Pulumi providers). */
function descendsFrom(pid: string, root: string): boolean {
  for (let p: string | undefined = pid, hops = 0; p && p !== '0' && hops < 64; p = parentOf(p), hops++) {
    if (p === root) return true;
  }
  return false;
}

function statusKiB(pid: string, key: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export class MemoryPoller {
  private timer: NodeJS.Timeout | undefined;
  private readonly providers = new Map<string, number>();
  private readonly known = new Map<string, ProcKind>();
  private readonly ticks = new Map<string, { kind: ProcKind; ticks: number }>();
  private readonly cpu0 = process.cpuUsage();
  private shellsPeakKiB = 0;
  private shellsPeakCount = 0;

  constructor(
    private readonly intervalMs = 100,
    private readonly root = String(process.pid),
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  private classify(pid: string): ProcKind {
    let k = this.known.get(pid);
    if (!k) {
      const cmd = cmdline(pid);
      k = /^\S*node\s+\S*@pulumi\/pulumi\/cmd\/dynamic-provider/.test(cmd)
        ? 'provider'
        : /^\S*node\s+\S*umlync-lab-shell/.test(cmd)
          ? 'shell'
          : /^\S*\/pulumi\s/.test(cmd)
            ? 'cli'
            : 'other';
      // Only this benchmark's processes: the CLI is our child, the provider its grandchild.
      if (k !== 'other' && !descendsFrom(pid, this.root)) k = 'other';
      // An empty cmdline is a process being born or reaped: look again next time.
      if (cmd) this.known.set(pid, k);
    }
    return k;
  }

  private sample(): void {
    let shellsKiB = 0;
    let shells = 0;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const kind = this.classify(pid);
      if (kind !== 'other') {
        const t = cpuTicks(pid);
        if (t !== undefined) this.ticks.set(pid, { kind, ticks: t });
      }
      if (kind === 'provider') {
        const hwm = statusKiB(pid, 'VmHWM');
        if (hwm !== undefined) this.providers.set(pid, Math.max(this.providers.get(pid) ?? 0, hwm));
      } else if (kind === 'shell') {
        const rss = statusKiB(pid, 'VmRSS');
        if (rss !== undefined) {
          shellsKiB += rss;
          shells++;
        }
      }
    }
    this.shellsPeakKiB = Math.max(this.shellsPeakKiB, shellsKiB);
    this.shellsPeakCount = Math.max(this.shellsPeakCount, shells);
  }

  stop(): MemoryPeaks {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const cpu = { cli: 0, provider: 0, shells: 0, bench: 0 };
    for (const { kind, ticks } of this.ticks.values()) {
      if (kind === 'cli') cpu.cli += ticks / TICKS;
      else if (kind === 'provider') cpu.provider += ticks / TICKS;
      else if (kind === 'shell') cpu.shells += ticks / TICKS;
    }
    const own = process.cpuUsage(this.cpu0);
    cpu.bench = (own.user + own.system) / 1e6;
    const round = (x: number) => Math.round(x * 10) / 10;
    const peak = this.providers.size ? Math.max(...this.providers.values()) : null;
    return {
      providerPeakMiB: peak === null ? null : Math.round(peak / 102.4) / 10,
      providerProcesses: this.providers.size,
      shellsPeakMiB: Math.round(this.shellsPeakKiB / 102.4) / 10,
      shellsPeakCount: this.shellsPeakCount,
      cpuSeconds: { cli: round(cpu.cli), provider: round(cpu.provider), shells: round(cpu.shells), bench: round(cpu.bench) },
    };
  }
}
