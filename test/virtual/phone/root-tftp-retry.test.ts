// A root whose TFTP read of its file fails keeps asking the server, as every other TFTP read
// of the phone does (phone.ts fetchRetrying). Issue 17's sweep stalled at 300 and 1,000
// phones behind a slow WAN: a root elected while the power-on storm of config files filled
// the WAN's queue lost its read (five timeouts in a row), its upgrade stopped ("boot
// stopped"), and the phone stayed in "upgrading" for ever, its hierarchy gone. Here the
// server answers the root's first read of the load's first file with "file not found" (the
// same failure to the phone as a read that timed out), once.
import assert from 'node:assert/strict';
import type { TftpServer } from '../../../labs/virtual/tftp/index.ts';
import { startTftpServer } from '../../../labs/virtual/tftp/index.ts';
import type { TftpStore } from '../../../labs/virtual/tftp/stores/store.ts';
import { loopbackNetStack } from '../../../labs/virtual/phone/net-stack.ts';
import { VirtualPhone } from '../../../labs/virtual/phone/phone.ts';
import { buildLabFiles, TFTP_IP } from './support/mini-lab.ts';

/** The store, except that the first request for `failing` finds nothing. */
function failOnce(store: TftpStore, failing: string): TftpStore {
  let failed = false;
  return {
    stat(name) {
      if (name === failing && !failed) {
        failed = true;
        return undefined;
      }
      return store.stat(name);
    },
    read: (name, offset, length) => store.read(name, offset, length),
  };
}

describe('virtual phones: a root whose TFTP read fails asks the server again', function () {
  this.timeout(120_000);
  let tftp: TftpServer | undefined;
  let phones: VirtualPhone[] = [];
  after(async () => {
    for (const p of phones) p.powerOff();
    await tftp?.close();
  });

  it('two phones still upgrade, with one WAN copy of the file whose first read failed', async () => {
    const lab = await buildLabFiles({ firstHost: 181, phones: [{ model: 'CP-7961G' }, { model: 'CP-7961G' }] });
    const target = lab.target.get('CP-7961G');
    const first = lab.loads.find((l) => l.id === target)?.files[0]?.name;
    assert.ok(target && first, 'the CP-7961G load has files');
    tftp = await startTftpServer({ address: TFTP_IP, port: 69, store: failOnce(lab.store, first) });
    const net = loopbackNetStack();
    phones = lab.specs.map((s) => new VirtualPhone(s, net));
    for (const p of phones) p.powerOn();

    const deadline = Date.now() + 90_000;
    while (phones.some((p) => p.state !== 'running' || p.flash.runningLoad !== target)) {
      const stopped = phones.flatMap((p) => p.flash.log.all().split('\n').filter((l) => /boot stopped/.test(l)));
      assert.deepEqual(stopped, [], 'a phone gave up its upgrade');
      assert.ok(Date.now() < deadline, `not upgraded: ${phones.map((p) => `${p.spec.ip} ${p.state} ${p.flash.runningLoad}`).join('; ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const reads = tftp.transfers().filter((t) => t.file === first);
    assert.equal(reads.filter((t) => t.outcome === 'complete').length, 1, `reads of ${first}: ${JSON.stringify(reads.map((t) => t.outcome))}`);
    assert.ok(reads.length >= 2, 'the failed read happened');
    const root = phones.find((p) => p.origins.get(first) === 'tftp-root');
    assert.ok(root, `a root fetched ${first}: ${phones.map((p) => p.origins.get(first)).join(', ')}`);
    assert.match(root.flash.log.all(), /ERR .*TFTP/, "the root's log shows the failed read");
    assert.equal(phones.find((p) => p !== root)?.origins.get(first), 'pfs', 'the other phone got the file from the root');
  });
});
