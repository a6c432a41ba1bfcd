// Namespace mode: one phone per process (phone-main.ts) inside its own network namespace,
// on a real bridge; broadcasts are the subnet's, isolation is the kernel's. The capture is
// taken on the bridge, the console logs are collected over HTTP from the phones' web
// servers (as the drivers collect them), and the project's analysis must be satisfied.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseConsoleLog } from '../../../harness/evidence/console/index.ts';
import { readCapture } from '../../../harness/evidence/pcap/index.ts';
import { analyzePfs } from '../../../harness/pfs/analyze.ts';
import { virtualPhoneDialect } from '../../../labs/virtual/phone/console-dialect.ts';
import type { PhoneSpec } from '../../../labs/virtual/phone/spec.ts';
import type { TftpServer } from '../../../labs/virtual/tftp/index.ts';
import { startTftpServer } from '../../../labs/virtual/tftp/index.ts';
import { buildLabFiles } from './support/mini-lab.ts';
import type { NetnsSubnet } from './support/netns-subnet.ts';
import { netnsAvailable, netnsSubnet } from './support/netns-subnet.ts';
import { startTcpdump } from '../../support/capture-tcpdump.ts';

const PREFIX = '10.199.77';

interface PhoneProcess {
  spec: PhoneSpec;
  child: ChildProcess;
  state: string;
  load: string;
}

describe('virtual phones: namespace mode (one process per phone, real bridge)', function () {
  this.timeout(120_000);
  let net: NetnsSubnet | undefined;
  let tftp: TftpServer | undefined;
  let dir: string | undefined;
  const procs: PhoneProcess[] = [];

  before(async function () {
    // Never skipped: a green run must have exercised namespace mode (CI runs as root).
    if (!(await netnsAvailable())) throw new Error('namespace mode needs root and network namespaces (ip netns add): run the tests as root');
  });

  after(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => (p.child.exitCode === null ? new Promise<void>((r) => p.child.once('exit', () => r())) : Promise.resolve())));
    await tftp?.close();
    await net?.down();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('upgrades four phones (three with PFS) with no violation, logs read over HTTP', async () => {
    const files = await buildLabFiles({
      subnetPrefix: PREFIX,
      tftpIp: `${PREFIX}.11`,
      phones: [{ model: 'CP-7961G' }, { model: 'CP-7961G' }, { model: 'CP-7961G' }, { model: 'CP-7961G', pfs: false }],
    });
    net = await netnsSubnet(PREFIX, files.specs.length);
    tftp = await startTftpServer({ address: net.hostIp, port: 69, store: files.store });
    dir = await mkdtemp(join(tmpdir(), 'pfslab-phone-ns-'));
    const pcap = join(dir, 'br0.pcap');
    const cap = await startTcpdump(pcap, 'br0', 'udp or tcp', net.lanNs);

    const target = files.target.get('CP-7961G');
    // Processes start unpowered: node start-up times differ by seconds, and PFS shares only
    // among phones reset together. Power comes on for all at once, as from the switch.
    const ready: Promise<void>[] = [];
    const done = files.specs.map((spec, i) => {
      const child = spawn('ip', ['netns', 'exec', net?.phoneNs[i] ?? '', process.execPath, '--import', 'tsx', 'labs/virtual/phone/phone-main.ts', '--power', 'off', '--spec', JSON.stringify(spec)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const p: PhoneProcess = { spec, child, state: 'off', load: spec.initialLoad };
      procs.push(p);
      let isReady: () => void = () => {};
      ready.push(new Promise<void>((r) => (isReady = r)));
      return new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`${spec.name} exited (${code})`)));
        createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
          const ev = JSON.parse(line) as { state: string; load: string };
          p.state = ev.state;
          p.load = ev.load;
          if (ev.state === 'off') isReady();
          if (ev.state === 'running' && ev.load === target) resolve();
        });
      });
    });
    for (const d of done) d.catch(() => {}); // awaited below; this only keeps an early exit from being "unhandled"
    await Promise.all(ready);
    for (const p of procs) p.child.stdin?.write('power on\n');
    await Promise.all(done);
    assert.equal(await cap.stop(), 0, 'tcpdump dropped frames');

    // Evidence as a suite collects it: console logs from each phone's web server.
    const logs = await Promise.all(
      files.specs.map(async (s) => {
        const list = await (await fetch(`http://${s.ip}/CGI/Java/Serviceability?adapter=device.statistics.consolelog`)).text();
        const names = [...list.matchAll(/href="(\/FS\/cache\/log\d+\.log)"/g)].map((m) => m[1] ?? '');
        const text = (await Promise.all(names.map(async (n) => (await fetch(`http://${s.ip}${n}`)).text()))).join('');
        return { log: parseConsoleLog(text, `${s.ip}/FS/cache`, { extraDialect: virtualPhoneDialect }), phone: s.ip };
      }),
    );
    const capture = await readCapture(pcap);
    assert.ok(capture.udp4051.some((u) => u.broadcast), 'claims went out as link-layer broadcasts');
    const result = analyzePfs({ captures: [capture], logs }, files.facts);
    assert.deepEqual(result.violations.map((v) => `${v.code}: ${v.message}`), []);
    assert.equal(result.files.length, 5);
    for (const t of result.files) {
      assert.equal(t.rootSource, 'pcap+log', t.file);
      assert.equal(t.roles[`${PREFIX}.24`], 'tftp-only', t.file);
      assert.equal(t.edges.length, 2, `${t.file}: the two other PFS phones fed over TCP 4051`);
    }
  });
});
