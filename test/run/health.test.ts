// The lab health check (harness/run/health) on devices that say what a real lab's would: a
// phone whose console log still grows is settling, not healthy, until it has been quiet for
// quietMs; a port switched off or an unknown load stops the wait at once; a lab that does not
// settle in time is a LabUnhealthyError naming the device, which the report files as a lab
// problem, never as a product defect. Fake drivers: the checks' logic, not the lab's protocols
// (those are covered by the crash-recovery test on the virtual lab).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadedLab } from '../../harness/lab/index.ts';
import { loadLab } from '../../harness/lab/index.ts';
import type { LabPhone } from '../../harness/run/fixture/lab-context.ts';
import { LabHealthCheck, LabUnhealthyError, renderHealthTable } from '../../harness/run/health/index.ts';
import { captureRows } from '../../harness/run/health/lab-probe.ts';
import { PhoneWatch } from '../../harness/run/health/phone-probe.ts';
import { categoryOf, LAB_PROBLEM } from '../../harness/run/report/categories.ts';
import type { CucmDriver } from '../../drivers/cucm/index.ts';
import { CucmFieldMissingError } from '../../drivers/cucm/index.ts';
import type { PoeDriver } from '../../drivers/poe/index.ts';
import type { PhoneWeb } from '../../drivers/phone/index.ts';

/** A phone's web pages as the tests set them. */
class FakePhone {
  version = '';
  log = 'NOT 00:00:00 Main: Running load\n';
  answers = true;
  web(): PhoneWeb {
    const refuse = () => {
      if (!this.answers) throw new Error('connect ECONNREFUSED');
    };
    return {
      deviceInformation: () => (refuse(), Promise.resolve({ versionId: this.version, appLoadId: '', raw: {} })),
      consoleLogFiles: () => (refuse(), Promise.resolve([{ path: '/FS/cache/log0.log', name: 'log0.log', index: 0 }])),
      consoleLogFile: () => (refuse(), Promise.resolve(this.log)),
    } as unknown as PhoneWeb;
  }
}

function fakePoe(status: { admin: boolean; detection: string }): PoeDriver {
  return { status: () => Promise.resolve(status) } as unknown as PoeDriver;
}

const fakeCucm = { getPfs: () => Promise.resolve({ value: 'Enabled' }) } as unknown as CucmDriver;

describe('lab health check', function () {
  let lab: LoadedLab;
  let phoneSpec: LabPhone['spec'];
  let known: string;
  before(async () => {
    const full = await loadLab('labs/virtual.yaml');
    // One phone and no captures: the checks of one phone, whatever else runs on this machine.
    const spec = full.spec.phones[0];
    assert.ok(spec);
    phoneSpec = spec;
    lab = { ...full, spec: { ...full.spec, phones: [spec], captures: [] } };
    known = full.loads.find((l) => l.models.includes(spec.model))?.load.id ?? '';
  });
  // Its PFS port is probed on a loopback address of its own (nothing listens there unless a test does).
  const labPhone = (f: FakePhone, ip = '127.93.0.1'): LabPhone => ({ name: phoneSpec.name.toUpperCase(), ip, model: phoneSpec.model, subnet: phoneSpec.subnet, spec: phoneSpec, web: f.web() });

  it('calls a console log quiet only after it stayed unchanged for quietMs across probes', async () => {
    const f = new FakePhone();
    f.version = known;
    let now = 0;
    const w = new PhoneWatch(labPhone(f), lab, fakePoe({ admin: true, detection: 'deliveringPower' }), { quietMs: 5000, timeoutMs: 1000, now: () => now });
    const consoleState = async () => (await w.probe()).find((r) => r.check === 'console')?.state;
    assert.equal(await consoleState(), 'settling', 'a first look proves nothing');
    now = 3000;
    assert.equal(await consoleState(), 'settling', 'unchanged for 3 s of 5');
    f.log += 'INF 00:00:03 DLoad: XIDA1000100 RxFile /dnld/apps41.sbn ok\n';
    now = 6000;
    assert.equal(await consoleState(), 'settling', 'it grew: the phone is busy');
    now = 10_000;
    assert.equal(await consoleState(), 'settling', 'quiet for 4 s only');
    now = 11_000;
    assert.equal(await consoleState(), 'ok');
    const rows = await w.probe();
    assert.deepEqual(rows.map((r) => [r.check, r.state]), [['power', 'ok'], ['load', 'ok'], ['console', 'ok'], ['pfs', 'ok']]);
  });

  it('a phone that does not answer is settling; an unknown load or a port switched off is bad', async () => {
    const f = new FakePhone();
    f.answers = false;
    const w = new PhoneWatch(labPhone(f), lab, fakePoe({ admin: true, detection: 'searching' }), { quietMs: 5000, timeoutMs: 1000 });
    assert.deepEqual((await w.probe()).map((r) => r.state), ['settling', 'settling', 'settling', 'settling']);
    f.answers = true;
    f.version = '9-9-9SR9';
    assert.equal((await w.probe()).find((r) => r.check === 'load')?.state, 'bad');
    const off = new PhoneWatch(labPhone(f), lab, fakePoe({ admin: false, detection: 'disabled' }), { quietMs: 5000, timeoutMs: 1000 });
    assert.equal((await off.probe())[0]?.state, 'bad');
  });

  it('a phone whose PFS port (TCP 4051) accepts is still sharing firmware: settling, however quiet its console', async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen({ host: '127.93.0.2', port: 4051 }, () => r()));
    try {
      const f = new FakePhone();
      f.version = known;
      let now = 0;
      const w = new PhoneWatch(labPhone(f, '127.93.0.2'), lab, fakePoe({ admin: true, detection: 'deliveringPower' }), { quietMs: 5000, timeoutMs: 1000, now: () => now });
      await w.probe();
      now = 60_000;
      const rows = await w.probe();
      assert.equal(rows.find((r) => r.check === 'console')?.state, 'ok');
      assert.equal(rows.find((r) => r.check === 'pfs')?.state, 'settling');
    } finally {
      server.close();
    }
  });

  it('gives up at the deadline on a phone still upgrading, naming it; the report files that as a lab problem', async () => {
    const f = new FakePhone();
    f.version = known;
    const busy = setInterval(() => (f.log += 'INF DLoad: XIDA1000102 TxJoin parent=10.20.1.22\n'), 20);
    try {
      const check = new LabHealthCheck(
        { lab, cucm: fakeCucm, poe: fakePoe({ admin: true, detection: 'deliveringPower' }), phones: [labPhone(f)] },
        { quietMs: 200, intervalMs: 50, deadlineMs: 600 },
      );
      const e = await check.waitHealthy().then(
        () => undefined,
        (x: unknown) => x,
      );
      assert.ok(e instanceof LabUnhealthyError, String(e));
      assert.match(e.message, new RegExp(`${phoneSpec.name.toUpperCase()} console: settling`));
      assert.equal(categoryOf('broken', { message: e.message, trace: e.stack ?? '' }), LAB_PROBLEM);
    } finally {
      clearInterval(busy);
    }
  });

  it('waits for a settling lab and passes once it is quiet; stops at once on a bad row', async function () {
    const f = new FakePhone();
    f.version = known;
    const check = new LabHealthCheck({ lab, cucm: fakeCucm, poe: fakePoe({ admin: true, detection: 'deliveringPower' }), phones: [labPhone(f)] }, { quietMs: 150, intervalMs: 50, deadlineMs: 5000 });
    const r = await check.waitHealthy();
    assert.equal(r.healthy, true);
    assert.match(renderHealthTable(r), /console +ok/);
    const off = new LabHealthCheck({ lab, cucm: fakeCucm, poe: fakePoe({ admin: false, detection: 'disabled' }), phones: [labPhone(f)] }, { quietMs: 150, intervalMs: 50, deadlineMs: 60_000 });
    // Its deadline (60 s) is beyond this test's timeout: waiting for a bad row fails the test.
    this.timeout(20_000);
    await assert.rejects(off.waitHealthy(), (e: unknown) => e instanceof LabUnhealthyError && /power: bad/.test(e.message));
  });

  it('a CUCM that answers without a PFS field (CSCsh20977) is not a CUCM still starting', async function () {
    const f = new FakePhone();
    f.version = known;
    const noField = {
      getPfs: () => Promise.reject(new CucmFieldMissingError('Peer Firmware Sharing', 'Enterprise Phone Configuration')),
    } as unknown as CucmDriver;
    const check = new LabHealthCheck({ lab, cucm: noField, poe: fakePoe({ admin: true, detection: 'deliveringPower' }), phones: [labPhone(f)] }, { quietMs: 150, intervalMs: 50, deadlineMs: 60_000 });
    this.timeout(20_000);
    const r = await check.waitHealthy();
    assert.equal(r.healthy, true);
    assert.match(renderHealthTable(r), /cucm +settings +ok .*absent/);
    const down = new LabHealthCheck(
      { lab, cucm: { getPfs: () => Promise.reject(new Error('connect ECONNREFUSED')) } as unknown as CucmDriver, poe: fakePoe({ admin: true, detection: 'deliveringPower' }), phones: [labPhone(f)] },
      { quietMs: 150, intervalMs: 50, deadlineMs: 1500 },
    );
    await assert.rejects(down.waitHealthy(), (e: unknown) => e instanceof LabUnhealthyError && /cucm/.test(e.message));
  });

  it('device text reaches the table without control characters', async () => {
    const f = new FakePhone();
    f.version = '\u001b[2J\u001b[31mfake';
    const w = new PhoneWatch(labPhone(f), lab, fakePoe({ admin: true, detection: 'deliveringPower' }), { quietMs: 5000, timeoutMs: 1000 });
    const table = renderHealthTable({ rows: await w.probe(), healthy: false, hopeless: true, at: new Date() });
    assert.ok(!table.includes(String.fromCharCode(27)), table);
  });

  describe('captures of another run in flight', () => {
    let dir: string;
    before(async () => (dir = await mkdtemp(path.join(tmpdir(), 'pfslab-health-proc-'))));
    after(() => rm(dir, { recursive: true, force: true }));

    async function proc(pid: number, argv: string[]): Promise<void> {
      await mkdir(path.join(dir, String(pid)), { recursive: true });
      await writeFile(path.join(dir, String(pid), 'cmdline'), `${argv.join('\0')}\0`);
    }

    it("names another process's tcpdump writing one of the lab's captures, not its own or another capture", async () => {
      const withCapture = { ...lab, spec: { ...lab.spec, captures: [{ name: 'hq-span', local: { interface: 'eth1' }, snaplen: 0 }] } } as unknown as LoadedLab;
      await proc(100, ['/usr/bin/tcpdump', '-i', 'eth1', '-w', '/tmp/run/hq-span-20261206T120000Z-4242-1.pcap']);
      await proc(101, ['tcpdump', '-i', 'eth1', '-w', '/tmp/run/hq-span-20261206T120000Z-777-1.pcap']);
      await proc(102, ['tcpdump', '-i', 'eth2', '-w', '/tmp/run/other-20261206T120000Z-4242-1.pcap']);
      await proc(103, ['node', 'hq-span-x.pcap']);
      const rows = await captureRows(withCapture, 777, dir);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.state, 'bad');
      assert.match(rows[0]?.detail ?? '', /pid 100 writes hq-span-20261206T120000Z-4242-1\.pcap/);
      assert.doesNotMatch(rows[0]?.detail ?? '', /pid 101|pid 102|pid 103/);
    });
  });
});
