// The netns driver: tcpdump inside a private namespace sees the traffic sent there.
import assert from 'node:assert/strict';
import { readCapture } from '../../../harness/evidence/pcap/index.ts';
import { captureDriver, CaptureDriverError, stopAllCaptures } from '../../../drivers/capture/index.ts';
import { captureTmpDir } from '../../support/capture-tmp.ts';
import { createNamespace } from './support/netns.ts';
import type { TestNamespace } from './support/netns.ts';
import { tsharkTotal, udpPacketsTo } from './support/pcap-check.ts';
import { captureSpec } from './support/specs.ts';
import { requireRoot, requireTools } from './support/tools.ts';

describe('capture driver: tcpdump in a network namespace', function () {
  const tmp = captureTmpDir('pfslab-capdrv-netns-');
  let ns: TestNamespace | undefined;
  before(function () {
    requireTools('tcpdump', 'tshark', 'ip');
    requireRoot();
    ns = createNamespace();
  });
  after(async function () {
    await stopAllCaptures();
    ns?.remove();
    tmp.remove();
  });

  it('captures datagrams sent inside the namespace', async function () {
    const space = ns!;
    const driver = captureDriver(captureSpec({ name: 'branch', netns: { namespace: space.name, interface: space.iface } }), { evidenceDir: tmp.dir });
    assert.equal(driver.point, `interface v0 in network namespace ${space.name}`);
    const cap = await driver.start({ filter: 'udp port 40051' });
    // Out of v0 towards a neighbour on its subnet; the host's own interfaces never see it.
    space.run('for i in 1 2 3 4 5; do echo pfs > /dev/udp/10.77.0.9/40051; done');
    const out = await cap.stop();
    assert.equal(out.endedEarly, undefined);
    const summary = await readCapture(out.files[0]!);
    assert.equal(udpPacketsTo(summary, 40051), 5);
    assert.equal(tsharkTotal(out.files, 'ip.src == 10.77.0.1 && ip.dst == 10.77.0.9 && udp.dstport == 40051'), 5);
    assert.equal(out.packetsCaptured, 5);
  });

  it('a namespace that does not exist: ip\'s message and the capture point', async function () {
    const driver = captureDriver(captureSpec({ name: 'branch', netns: { namespace: 'pfslab-captest-none', interface: 'd0' } }), { evidenceDir: tmp.dir });
    const e = await driver.start().then(
      () => assert.fail('start should have failed'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof CaptureDriverError);
    assert.match(e.message, /capture 'branch' \(interface d0 in network namespace pfslab-captest-none\)/);
    assert.match(e.message, /Cannot open network namespace "pfslab-captest-none"/);
  });
});
