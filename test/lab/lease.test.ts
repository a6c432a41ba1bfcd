// The lab lease: one run per lab, across processes and machines sharing the lease directory.
// Timing is only ever compared as order (a before b), never as a duration.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lease, LeaseInfo } from '../../harness/lab/lease.ts';
import { LeaseError, LeaseFileError, LeaseHeldError, acquireLease, breakLease, readLease, releasingAfter } from '../../harness/lab/lease.ts';
import { PID_SPACE, claimTakeover, retire } from '../../harness/lab/lease-file.ts';

const LEASE_TS = fileURLToPath(new URL('../../harness/lab/lease.ts', import.meta.url));
const LAB = 'branch-a';

/** A lease file as another run would have left it. */
function foreign(over: Partial<LeaseInfo>): LeaseInfo {
  const renewedAt = over.renewedAt ?? new Date().toISOString();
  const ttlMs = over.ttlMs ?? 60_000;
  return {
    lab: LAB,
    owner: 'qa@other-host pid 4242',
    host: 'other-host',
    pid: 4242,
    pidSpace: 'elsewhere',
    purpose: 'nightly run',
    token: 'f0f0f0',
    acquiredAt: renewedAt,
    renewedAt,
    ttlMs,
    expiresAt: new Date(Date.parse(renewedAt) + ttlMs).toISOString(),
    ...over,
  };
}

/**
 * Runs acquireLease in a child process. It prints `leased <token>` or `held <holder's token>` (or
 * `error ...`), then waits to be killed: a live run, or with SIGKILL a crashed one.
 */
function child(dir: string, opts: { ttlMs: number }): { done: Promise<string>; exited: Promise<unknown>; pid: number | undefined; kill: () => void } {
  const code = `
    const { acquireLease, LeaseHeldError } = await import(${JSON.stringify(LEASE_TS)});
    try {
      const l = await acquireLease({ lab: ${JSON.stringify(LAB)}, dir: ${JSON.stringify(dir)}, ttlMs: ${opts.ttlMs}, purpose: 'child' });
      process.stdout.write('leased ' + l.info.token + '\\n');
      setInterval(() => undefined, 1000);
    } catch (e) {
      process.stdout.write(e instanceof LeaseHeldError ? 'held ' + e.holder.token + '\\n' : 'error ' + String(e) + '\\n');
    }`;
  const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const done = new Promise<string>((resolve, reject) => {
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    p.on('error', reject);
    p.on('exit', () => resolve(out.trim()));
  });
  const exited = new Promise((resolve) => p.on('exit', resolve));
  return { done, exited, pid: p.pid, kill: () => p.kill('SIGKILL') };
}

describe('lab lease', () => {
  let dir: string;
  let file: string;
  const held: Lease[] = [];
  const take = async (o: Partial<Parameters<typeof acquireLease>[0]> = {}): Promise<Lease> => {
    const l = await acquireLease({ lab: LAB, dir, ttlMs: 60_000, ...o });
    held.push(l);
    return l;
  };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pfslab-lease-'));
    file = path.join(dir, `${LAB}.lease`);
  });
  afterEach(async () => {
    for (const l of held.splice(0)) await l.release();
    await rm(dir, { recursive: true, force: true });
  });

  it('is on disk while held and gone once released; release is idempotent', async () => {
    const l = await take({ purpose: 'nightly run 2026-11-24T03-00-00Z', owner: 'qa@lab-runner pid 1' });
    const onDisk = await readLease(LAB, dir);
    assert.deepEqual(onDisk, l.info);
    assert.equal(onDisk?.purpose, 'nightly run 2026-11-24T03-00-00Z');
    assert.equal(onDisk?.pid, process.pid);
    assert.ok(Date.parse(l.info.expiresAt) > Date.parse(l.info.renewedAt));
    await l.release();
    await l.release();
    assert.equal(await readLease(LAB, dir), undefined);
    assert.deepEqual(await readdir(dir), [], 'no temporary files left behind');
    assert.equal(l.lost, false);
  });

  it('defaults its directory to PFSLAB_LEASE_DIR', async () => {
    const before = process.env.PFSLAB_LEASE_DIR;
    process.env.PFSLAB_LEASE_DIR = dir;
    try {
      const l = await acquireLease({ lab: LAB });
      held.push(l);
      assert.equal((await readLease(LAB, dir))?.token, l.info.token);
      assert.match(l.info.owner, new RegExp(`@${os.hostname()} pid ${process.pid}$`));
    } finally {
      if (before === undefined) delete process.env.PFSLAB_LEASE_DIR;
      else process.env.PFSLAB_LEASE_DIR = before;
    }
  });

  it('refuses a second run, naming the holder, its purpose, since and until when', async () => {
    const first = await take({ owner: 'alice@runner-1 pid 77', purpose: 'bug 1234 repro' });
    const e = await acquireLease({ lab: LAB, dir }).then(
      () => assert.fail('second acquire succeeded'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof LeaseHeldError);
    assert.equal(e.holder.token, first.info.token);
    assert.match(e.message, /alice@runner-1 pid 77 \(bug 1234 repro\)/);
    assert.ok(e.message.includes(`since ${first.info.acquiredAt}`) && e.message.includes(`until ${first.info.expiresAt}`), e.message);
    assert.match(e.message, /breakLease|--force/);
    assert.equal((await readLease(LAB, dir))?.token, first.info.token, 'the refused run changed nothing');
  });

  it('leases of two labs are independent', async () => {
    await take();
    const other = await take({ lab: 'hq' });
    assert.equal((await readLease('hq', dir))?.token, other.info.token);
  });

  it('waits up to waitMs: gets the lab once the holder releases it', async () => {
    const first = await take();
    let releasedAt = 0;
    const releasing = new Promise<void>((resolve) =>
      setTimeout(() => {
        releasedAt = Date.now();
        void first.release().then(resolve);
      }, 150),
    );
    const second = await take({ waitMs: 30_000 });
    await releasing;
    assert.notEqual(second.info.token, first.info.token);
    assert.ok(releasedAt > 0 && Date.parse(second.info.acquiredAt) >= releasedAt, 'acquired after the release, not before');
  });

  it('gives up after waitMs while the holder keeps it', async () => {
    const first = await take();
    await assert.rejects(take({ waitMs: 250 }), (e: unknown) => e instanceof LeaseHeldError && e.holder.token === first.info.token);
  });

  it('takes over an expired lease, unless told not to', async () => {
    const old = foreign({ renewedAt: new Date(Date.now() - 10_000).toISOString(), ttlMs: 200 });
    await writeFile(file, JSON.stringify(old));
    await assert.rejects(take({ takeOverExpired: false }), (e: unknown) => e instanceof LeaseHeldError && /expired/.test(e.message) && /takeOverExpired is off/.test(e.message));
    const l = await take();
    assert.notEqual(l.info.token, old.token);
    assert.equal((await readLease(LAB, dir))?.token, l.info.token);
    await l.release();
    assert.deepEqual(await readdir(dir), [], 'tombstones and the takeover claim are cleaned up');
  });

  it('does not take over a live lease of a pid that does not exist on another host or pid space', async () => {
    const deadPid = 2 ** 22 + 1; // above Linux's pid_max
    await writeFile(file, JSON.stringify(foreign({ pid: deadPid, host: 'other-host' })));
    await assert.rejects(take(), LeaseHeldError);
    await writeFile(file, JSON.stringify(foreign({ pid: deadPid, host: os.hostname(), pidSpace: `${PID_SPACE}-container` })));
    await assert.rejects(take(), LeaseHeldError);
    // The same lease, in our own pid space: its holder is certainly gone.
    await writeFile(file, JSON.stringify(foreign({ pid: deadPid, host: os.hostname(), pidSpace: PID_SPACE })));
    assert.ok((await take()).info.token);
  });

  it('takes over at once the lease of a run on this host that was killed (kill -9)', async () => {
    const run = child(dir, { ttlMs: 60_000 });
    const said = await run.done;
    assert.match(said, /^leased /);
    const holder = await readLease(LAB, dir);
    assert.equal(holder?.pid, run.pid);
    await assert.rejects(take(), LeaseHeldError, 'while the child lives, its lease holds');
    run.kill();
    await run.exited;
    const l = await take(); // no waiting for the TTL
    assert.notEqual(l.info.token, holder?.token);
  });

  it('of 20 concurrent takers of one expired lease (one process), exactly one wins', async () => {
    await writeFile(file, JSON.stringify(foreign({ renewedAt: new Date(Date.now() - 10_000).toISOString(), ttlMs: 200 })));
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => take({ waitMs: 0 })));
    const won = results.filter((r): r is PromiseFulfilledResult<Lease> => r.status === 'fulfilled');
    assert.equal(won.length, 1, `winners: ${won.length}`);
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof LeaseHeldError, String(r.reason));
    assert.equal((await readLease(LAB, dir))?.token, won[0]?.value.info.token);
  });

  it('of 12 concurrent takers of one expired lease (separate processes), exactly one wins', async () => {
    await writeFile(file, JSON.stringify(foreign({ renewedAt: new Date(Date.now() - 10_000).toISOString(), ttlMs: 200 })));
    // They stay alive until all have answered: the lease of a dead child would be free again.
    const runs = Array.from({ length: 12 }, () => child(dir, { ttlMs: 60_000 }));
    const said = await Promise.all(runs.map((r) => r.done));
    for (const r of runs) r.kill();
    await Promise.all(runs.map((r) => r.exited));
    const won = said.filter((s) => s.startsWith('leased '));
    assert.equal(won.length, 1, said.join('\n'));
    assert.ok(
      said.every((s) => s.startsWith('leased ') || s.startsWith('held ')),
      said.join('\n'),
    );
    assert.equal(`leased ${(await readLease(LAB, dir))?.token}`, won[0]);
  });

  it('a slow taker that read the stale lease cannot retire the lease that replaced it', async () => {
    const stale = foreign({ renewedAt: new Date(Date.now() - 10_000).toISOString(), ttlMs: 200 });
    await writeFile(file, JSON.stringify(stale));
    const fast = await take();
    // The slow taker judged `stale` a moment ago and only now gets to act on it.
    const slow = foreign({ token: 'slow', host: os.hostname() });
    assert.equal(await claimTakeover(file, stale.token, slow), false, 'the takeover of that lease was claimed already');
    assert.equal(await retire(file, stale.token, LAB), false, 'and even a retire by mistake puts the live lease back');
    assert.equal((await readLease(LAB, dir))?.token, fast.info.token);
    await fast.release();
    assert.deepEqual(await readdir(dir), [], 'the claim goes with the lease it led to');
  });

  it('renewal moves renewedAt and expiresAt forward, on disk', async () => {
    const l = await take({ ttlMs: 200 });
    const first = l.info;
    await l.renew();
    assert.ok(Date.parse(l.info.renewedAt) > Date.parse(first.renewedAt));
    assert.ok(Date.parse(l.info.expiresAt) > Date.parse(first.expiresAt));
    assert.equal(l.info.acquiredAt, first.acquiredAt);
    assert.deepEqual(await readLease(LAB, dir), l.info);
  });

  it('the timer renews by itself', async () => {
    const l = await take({ ttlMs: 300, renewEveryMs: 50 });
    const first = l.info.renewedAt;
    for (let i = 0; i < 200 && l.info.renewedAt === first; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(Date.parse(l.info.renewedAt) > Date.parse(first), 'renewed without being asked');
    assert.equal((await readLease(LAB, dir))?.renewedAt, l.info.renewedAt);
  });

  it('a stolen lease is lost: onLost is called, and release leaves the thief its file', async () => {
    const why: string[] = [];
    const l = await take({ onLost: (w) => why.push(w) });
    const thief = foreign({ token: 'thief', owner: 'bob@runner-2 pid 9' });
    await writeFile(file, JSON.stringify(thief));
    await l.renew();
    assert.equal(l.lost, true);
    assert.equal(why.length, 1);
    assert.match(why[0] ?? '', /bob@runner-2 pid 9/);
    await l.renew(); // lost stays lost; onLost is not repeated
    assert.equal(why.length, 1);
    await l.release();
    assert.equal((await readLease(LAB, dir))?.token, 'thief');
  });

  it('a broken lease is lost at the next renewal', async () => {
    const why: string[] = [];
    const l = await take({ onLost: (w) => why.push(w) });
    assert.equal((await breakLease(LAB, dir))?.token, l.info.token);
    await l.renew();
    assert.equal(l.lost, true);
    assert.match(why[0] ?? '', /removed/);
  });

  it('a lease that expired before it was renewed is lost, not renewed', async () => {
    const why: string[] = [];
    const l = await take({ ttlMs: 200, onLost: (w) => why.push(w) });
    const expiry = Date.parse(l.info.expiresAt);
    while (Date.now() <= expiry); // a stalled process: the event loop is blocked, the timer cannot renew
    await l.renew();
    assert.equal(l.lost, true);
    assert.match(why[0] ?? '', /expired/);
  });

  it('refuses a garbage lease file clearly and never overwrites it', async () => {
    for (const [text, problem] of [
      ['', /empty/],
      ['held by bob', /not JSON/],
      ['[1]', /JSON object/],
      [JSON.stringify({ ...foreign({}), pid: 'x', ttlMs: -1 }), /pid \(a positive integer\), ttlMs/],
      [JSON.stringify(foreign({ lab: 'hq' })), /lab 'hq'/],
    ] as const) {
      await writeFile(file, text);
      await assert.rejects(take(), (e: unknown) => {
        assert.ok(e instanceof LeaseFileError, String(e));
        assert.ok(e.message.includes(file), e.message);
        assert.match(e.message, problem);
        assert.match(e.message, /breakLease|--force/);
        return true;
      });
      await assert.rejects(readLease(LAB, dir), LeaseFileError);
      assert.equal(await readFile(file, 'utf8'), text, 'left as it was');
    }
  });

  it('breakLease removes any lease, garbage included, and says whose it was', async () => {
    const l = await take({ owner: 'carol@runner-3 pid 5' });
    assert.equal((await breakLease(LAB, dir))?.owner, 'carol@runner-3 pid 5');
    assert.equal(await readLease(LAB, dir), undefined);
    await writeFile(file, 'garbage');
    assert.equal(await breakLease(LAB, dir), undefined);
    assert.equal(await readLease(LAB, dir), undefined);
    assert.equal(await breakLease(LAB, dir), undefined, 'nothing to break is fine');
    assert.ok((await take()).info.token !== l.info.token);
  });

  it('rejects a lab name that is not a safe file name', async () => {
    await assert.rejects(take({ lab: '../etc/passwd' }), (e: unknown) => e instanceof LeaseError && /not a lab name/.test(e.message));
  });

  it('releasingAfter restores first, then releases, even when restoring fails', async () => {
    const l = await take();
    const order: string[] = [];
    const teardown = releasingAfter(l, async () => {
      order.push(`restore while leased: ${(await readLease(LAB, dir))?.token === l.info.token}`);
      throw new Error('switch did not answer');
    });
    await assert.rejects(teardown(), /did not answer/);
    assert.deepEqual(order, ['restore while leased: true']);
    assert.equal(await readLease(LAB, dir), undefined);
  });
});
