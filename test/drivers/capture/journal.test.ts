// Captures and the teardown journal: every start is journaled before tcpdump runs; undoing
// stops a capture of this run properly, and stops (and collects) one a dead run left.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../../../harness/evidence/pcap/index.ts';
import { pendingEntries, replayJournal, TeardownJournal } from '../../../harness/lab/journal.ts';
import { CAPTURE_STOP_KIND, captureDriver, captureStopUndoer, runningCaptures, stopAllCaptures } from '../../../drivers/capture/index.ts';
import { captureTmpDir } from '../../support/capture-tmp.ts';
import { tsharkTotal, udpPacketsTo } from './support/pcap-check.ts';
import { captureSpec } from './support/specs.ts';
import { startSshd } from './support/sshd.ts';
import type { TestSshd } from './support/sshd.ts';
import { requireRoot, requireTools } from './support/tools.ts';
import { freePort, sendUdp } from './support/traffic.ts';

/** Running, not a zombie (an orphan's zombie lingers here if PID 1 does not reap it). */
function alive(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  return !/^\d+ \(.*\) [ZX] /.test(stat);
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'capture-child.ts');

describe('capture driver: teardown journal', function () {
  const tmp = captureTmpDir('pfslab-capdrv-journal-');
  let sshd: TestSshd | undefined;
  const children: number[] = [];
  before(async function () {
    requireTools('tcpdump', 'tshark', 'sshd', 'ssh-keygen');
    requireRoot();
    sshd = await startSshd();
  });
  after(async function () {
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await stopAllCaptures();
    await sshd?.stop();
    tmp.remove();
  });

  it('journals every start; undoAll stops the live capture with a flush', async function () {
    const port = await freePort();
    const spec = captureSpec({ name: 'lo-j', local: { interface: 'lo' } });
    const file = tmp.file('live.journal');
    const journal = await TeardownJournal.create(file, new Map([[CAPTURE_STOP_KIND, captureStopUndoer({ captures: [spec] })]]));
    const evidence = tmp.file('live-evidence');
    const cap = await captureDriver(spec, { evidenceDir: evidence, journal }).start({ filter: `udp port ${port}` });
    const [entry] = journal.pending();
    assert.equal(entry?.step.kind, 'capture.stop');
    assert.equal(entry.step.params.id, cap.id);
    assert.equal(entry.step.params.where, 'local');
    await sendUdp('127.0.0.1', port, 6);
    assert.deepEqual(await journal.undoAll(), []);
    assert.deepEqual(runningCaptures(), []);
    assert.equal(cap.packetsCaptured, 6);
    assert.equal(tsharkTotal(cap.files, `udp.dstport == ${port}`), 6);
    assert.equal(existsSync(file), false);
  });

  /** Runs capture-child.ts, waits for it to listen, kills it with SIGKILL (no teardown runs). */
  async function runAndKill(journalFile: string, evidenceDir: string, spec: Record<string, unknown>, filter: string): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, journalFile, evidenceDir, JSON.stringify(spec), filter], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child.pid!);
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('listening')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`child exited (${code}): ${err}`)));
    });
    child.kill('SIGKILL');
    await exited;
  }

  it('replaying a dead run\'s journal stops the tcpdump it left on this host', async function () {
    const port = await freePort();
    const spec = { name: 'lo-dead', local: { interface: 'lo' } };
    const journalFile = tmp.file('dead-local.journal');
    const evidence = tmp.file('dead-local-evidence');
    await runAndKill(journalFile, evidence, spec, `udp port ${port}`);
    const [entry] = await pendingEntries(journalFile);
    const pidFile = String(entry?.step.params.pidFile);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(alive(pid), 'tcpdump outlived its run');
    await sendUdp('127.0.0.1', port, 4);

    assert.deepEqual(await replayJournal(journalFile, new Map([[CAPTURE_STOP_KIND, captureStopUndoer({ captures: [captureSpec(spec)] })]])), []);
    assert.equal(alive(pid), false);
    assert.equal(existsSync(pidFile), false);
    const pcaps = readdirSync(evidence).filter((f) => f.endsWith('.pcap'));
    assert.equal(pcaps.length, 1);
    assert.equal(udpPacketsTo(await readCapture(path.join(evidence, pcaps[0]!)), port), 4);
  });

  it('replaying a dead run\'s journal stops its tcpdump on the capture host and copies the file back', async function () {
    const port = await freePort();
    const spec = { name: 'span-dead', ssh: { host: '127.0.0.1', port: sshd!.port, user: 'root', privateKey: `file:${sshd!.keyFile}`, interface: 'lo', hostKey: { knownHosts: sshd!.knownHosts } } };
    const journalFile = tmp.file('dead-ssh.journal');
    const evidence = tmp.file('dead-ssh-evidence');
    await runAndKill(journalFile, evidence, spec, `udp port ${port}`);
    const [entry] = await pendingEntries(journalFile);
    const remoteDir = String(entry?.step.params.remoteDir);
    assert.ok(existsSync(remoteDir), 'the capture is still on the host');
    // Host and user to find it again, never the key (the undoer gets that from the lab).
    assert.equal(entry?.step.params.host, '127.0.0.1');
    const key = readFileSync(sshd!.keyFile, 'utf8').split('\n')[1]!;
    assert.equal(readFileSync(journalFile, 'utf8').includes(key), false);
    await sendUdp('127.0.0.1', port, 5);

    assert.deepEqual(await replayJournal(journalFile, new Map([[CAPTURE_STOP_KIND, captureStopUndoer({ captures: [captureSpec(spec)] })]])), []);
    assert.equal(existsSync(remoteDir), false);
    const pcaps = readdirSync(evidence).filter((f) => f.endsWith('.pcap'));
    assert.equal(pcaps.length, 1);
    assert.equal(tsharkTotal([path.join(evidence, pcaps[0]!)], `udp.dstport == ${port}`), 5);
  });
});
