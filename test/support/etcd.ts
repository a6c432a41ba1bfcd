// Real etcd for the tests and the lease bench: Debian's etcd-server, one member or a
// cluster, on free loopback ports (or an address of the caller's choosing) with temporary
// data directories. stop() ends every member it started and removes the directories; a
// process exit ends them too, so a failed test leaves no etcd behind.
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EtcdMember {
  name: string;
  clientUrl: string;
  peerUrl: string;
  dataDir: string;
  proc: ChildProcess | undefined;
  /** The last lines etcd printed, for a failed start's message. */
  log: string[];
}

export interface StartOptions {
  members?: 1 | 3;
  /** Address the members listen on (default 127.0.0.1). */
  host?: string;
  /** Also listen for clients on 127.0.0.1 (the test reaching a member the runner cannot). */
  alsoLoopback?: boolean;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

/** A port nobody listens on right now, on `host`. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function haveEtcd(): boolean {
  try {
    execFileSync('etcd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export class EtcdCluster {
  readonly members: EtcdMember[] = [];
  private loopbackClient = new Map<string, string>();

  private constructor(private readonly host: string) {}

  static async start(o: StartOptions = {}): Promise<EtcdCluster> {
    const c = new EtcdCluster(o.host ?? '127.0.0.1');
    // tmpfs when there is one: etcd fsyncs every write, and a shared disk makes that slow.
    const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    for (let i = 0; i < (o.members ?? 1); i++) {
      const clientPort = await freePort(c.host);
      const peerPort = await freePort(c.host);
      const m: EtcdMember = {
        name: `m${i}`,
        clientUrl: `http://${c.host}:${clientPort}`,
        peerUrl: `http://${c.host}:${peerPort}`,
        dataDir: await mkdtemp(path.join(base, 'pfslab-etcd-')),
        proc: undefined,
        log: [],
      };
      if (o.alsoLoopback && c.host !== '127.0.0.1') c.loopbackClient.set(m.name, `http://127.0.0.1:${await freePort()}`);
      c.members.push(m);
    }
    try {
      for (const m of c.members) c.spawnMember(m, 'new');
      await c.waitHealthy(c.members);
    } catch (e) {
      await c.stop();
      throw e;
    }
    return c;
  }

  get endpoints(): string[] {
    return this.members.map((m) => m.clientUrl);
  }

  /** Endpoints on 127.0.0.1 (alsoLoopback), else the members' own. */
  get loopbackEndpoints(): string[] {
    return this.members.map((m) => this.loopbackClient.get(m.name) ?? m.clientUrl);
  }

  private spawnMember(m: EtcdMember, state: 'new' | 'existing'): void {
    const initialCluster = this.members.map((x) => `${x.name}=${x.peerUrl}`).join(',');
    const extra = this.loopbackClient.get(m.name);
    const p = spawn(
      'etcd',
      [
        `--name=${m.name}`,
        `--data-dir=${m.dataDir}`,
        `--listen-client-urls=${m.clientUrl}${extra ? `,${extra}` : ''}`,
        `--advertise-client-urls=${m.clientUrl}`,
        `--listen-peer-urls=${m.peerUrl}`,
        `--initial-advertise-peer-urls=${m.peerUrl}`,
        `--initial-cluster=${initialCluster}`,
        `--initial-cluster-state=${state}`,
        '--initial-cluster-token=pfslab-test',
        '--log-level=warn',
        '--logger=zap',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    p.stderr?.on('data', (d: Buffer) => {
      m.log.push(...d.toString().split('\n').filter(Boolean));
      if (m.log.length > 40) m.log.splice(0, m.log.length - 40);
    });
    live.add(p);
    p.once('exit', () => live.delete(p));
    m.proc = p;
  }

  private async waitHealthy(members: EtcdMember[]): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (const m of members) {
      for (;;) {
        if (m.proc?.exitCode !== null && m.proc?.exitCode !== undefined) throw new Error(`etcd ${m.name} exited ${m.proc.exitCode}: ${m.log.slice(-5).join(' | ')}`);
        const ok = await fetch(`${m.clientUrl}/health`, { signal: AbortSignal.timeout(1000) })
          .then(async (r) => ((await r.json()) as { health?: string }).health === 'true')
          .catch(() => false);
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`etcd ${m.name} not healthy in 30 s: ${m.log.slice(-5).join(' | ')}`);
        await sleep(100);
      }
    }
  }

  /** The member that leads the cluster now. */
  async leader(): Promise<EtcdMember> {
    for (const m of this.members) {
      if (!m.proc || m.proc.exitCode !== null) continue;
      const s = (await fetch(`${m.clientUrl}/v3/maintenance/status`, { method: 'POST', body: '{}' }).then((r) => r.json())) as { header?: { member_id?: string }; leader?: string };
      if (s.leader && s.leader === s.header?.member_id) return m;
    }
    throw new Error('no etcd member leads');
  }

  /** SIGKILLs one member (a crash, not a shutdown). */
  async kill(m: EtcdMember): Promise<void> {
    const p = m.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    for (const m of this.members) {
      await this.kill(m);
      await rm(m.dataDir, { recursive: true, force: true });
    }
  }
}
