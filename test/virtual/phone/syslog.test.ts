// The twin as a Log Server client: phones whose config file names a log server send every
// console line by syslog, in the order written, including the lines written while they
// reboot into the new load; a receiver (the harness's) keeps them per phone. Loopback, with
// addresses of its own (127.79.x).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readSyslogEvidence, SyslogReceiver } from '../../../harness/evidence/syslog/index.ts';
import { redact } from '../../../harness/lab/index.ts';
import { frame3164, parseLogServer, SyslogSender } from '../../../labs/virtual/phone/syslog-sender.ts';
import type { MiniLab } from './support/mini-lab.ts';
import { startMiniLab } from './support/mini-lab.ts';

describe('virtual phone: syslog to the Log Server', function () {
  this.timeout(180_000);

  describe('a PFS upgrade with a log server configured', function () {
    let lab: MiniLab;
    let receiver: SyslogReceiver;
    let dir: string;

    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'pfslab-phone-syslog-'));
      const byIp = new Map<string, string>();
      receiver = await SyslogReceiver.start({ address: '127.0.0.1', port: 0, dir, flushMs: 50, redact, identify: (a) => ({ key: byIp.get(a) ?? `unknown-${a}`, ...(byIp.has(a) ? { phone: byIp.get(a) } : {}) }) });
      lab = await startMiniLab({ phones: [{ model: 'CP-7961G' }, { model: 'CP-7961G' }, { model: 'CP-7961G' }], subnetPrefix: '127.79.1', tftpIp: '127.79.0.11', logServer: `127.0.0.1:${receiver.port}` });
      for (const p of lab.phones) byIp.set(p.spec.ip, p.name);
      lab.powerOnAll();
      await lab.waitAllRunningNewLoad(150_000);
      await new Promise((r) => setTimeout(r, 300));
    });

    after(async () => {
      await receiver?.stop();
      await lab?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('sends every console line of every phone, in the order written, reboot lines included', async () => {
      const summary = await receiver.stop();
      assert.deepEqual(summary.senders.map((s) => s.key).sort(), lab.phones.map((p) => p.name).sort(), 'one evidence file per phone, nobody else');
      for (const phone of lab.phones) {
        const file = summary.senders.find((s) => s.key === phone.name)?.file ?? '';
        const ev = await readSyslogEvidence(file);
        const written = phone.flash.log.all().split('\n').filter((l) => l !== '');
        assert.deepEqual(ev.datagrams.map((d) => d.consoleLine), written, `${phone.name}: syslog stream = console log`);
        assert.ok(ev.datagrams.every((d) => d.framing === 'rfc3164' && d.host === phone.name && d.source.startsWith(`${phone.spec.ip}:`)));
        // Written while it rebooted into the new load (before it had read its config file again).
        const reboot = written.findIndex((l) => l.includes('Upgrade complete: rebooting'));
        assert.ok(reboot > 0, `${phone.name} rebooted`);
        assert.match(written.slice(reboot + 1).join('\n'), /Main: Power on:[\s\S]*CFG: [\s\S]*Main: Running load/);
      }
    });
  });

  describe('the sender alone', function () {
    it('reads "host", "host:port"; refuses anything else', function () {
      assert.deepEqual(parseLogServer('10.0.0.5'), { host: '10.0.0.5', port: 514 });
      assert.deepEqual(parseLogServer(' 10.0.0.5:5514 '), { host: '10.0.0.5', port: 5514 });
      assert.equal(parseLogServer(''), undefined);
      for (const bad of ['logs.example.net', '10.0.0.5:0', '10.0.0.5:99999', '10.0.0.5 :514', '10.0.0.300']) assert.equal(typeof parseLogServer(bad), 'string', bad);
    });

    it('frames RFC 3164 with local7 and the level as severity', function () {
      const at = new Date(Date.UTC(2026, 11, 6, 9, 5, 7));
      assert.equal(frame3164('ERR 09:05:07.000001 TFTP: timeout', 'SEP0250F5A10001', at), '<187>Dec  6 09:05:07 SEP0250F5A10001 ERR 09:05:07.000001 TFTP: timeout');
      assert.equal(frame3164('DBG 09:05:07.000001 DLoad: x', 'H', at).slice(0, 5), '<191>');
    });

    it('holds lines until a log server is known, drops them when the config names none', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'pfslab-sender-'));
      const r = await SyslogReceiver.start({ address: '127.0.0.1', port: 0, dir, flushMs: 20, redact });
      try {
        const s = new SyslogSender('127.0.0.1', 'SEP000000000009');
        s.line('NOT 00:00:00.000001 Main: held 1\n');
        s.useServer(undefined);
        s.line('NOT 00:00:00.000002 Main: no server: not sent\n');
        s.hold();
        s.line('NOT 00:00:00.000003 Main: held 2\n');
        s.useServer({ host: '127.0.0.1', port: r.port });
        s.line('NOT 00:00:00.000004 Main: live\n');
        for (let i = 0; i < 100 && r.stats().received < 2; i++) await new Promise((res) => setTimeout(res, 20));
        s.close();
        const summary = await r.stop();
        const ev = await readSyslogEvidence(summary.senders[0]?.file ?? '');
        assert.deepEqual(ev.datagrams.map((d) => d.consoleLine), ['NOT 00:00:00.000003 Main: held 2', 'NOT 00:00:00.000004 Main: live']);
      } finally {
        await r.stop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
