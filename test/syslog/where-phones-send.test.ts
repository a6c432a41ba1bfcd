// Where the virtual lab's phones send syslog (this host as the lab reaches it), and which
// phone a datagram belongs to (source address first, then host name). Pure: no network.
import assert from 'node:assert/strict';
import { loadLab } from '../../harness/lab/index.ts';
import { identifyLabPhones } from '../../harness/run/orchestrate/log-server.ts';
import { harnessAddress } from '../../labs/virtual/lab/device-plan.ts';
import { planNetwork } from '../../labs/virtual/network/index.ts';

describe('syslog: where the phones send, and who sent', function () {
  it('netns mode: the root end of the transfer link, which every device routes to; loopback: 127.0.0.1', async function () {
    const lab = await loadLab('labs/virtual.yaml');
    assert.equal(harnessAddress({ mode: 'netns', plan: planNetwork(lab) }), '169.254.77.1');
    const other = planNetwork(lab, { transferCidr: '169.254.250.0/29' });
    assert.equal(harnessAddress({ mode: 'netns', plan: other }), '169.254.250.1');
    // The router holds the other end and routes every subnet to it (the phones' default gateway).
    assert.ok(other.addresses.some((a) => a.namespace === other.routerNamespace && a.address === '169.254.250.2/30'));
    assert.equal(harnessAddress({ mode: 'loopback', plan: other }), '127.0.0.1');
  });

  it('names a lab phone by source address, else by host name; others are unknown, by address and host', function () {
    const id = identifyLabPhones([
      { name: 'SEP000000000001', ip: '10.20.1.21' },
      { name: 'SEP000000000002', ip: '10.20.1.22' },
    ]);
    assert.deepEqual(id('10.20.1.21', 'SEP000000000001'), { key: 'SEP000000000001', phone: 'SEP000000000001' });
    assert.deepEqual(id('10.20.1.21', undefined), { key: 'SEP000000000001', phone: 'SEP000000000001' });
    assert.deepEqual(id('192.0.2.7', 'sep000000000002'), { key: 'SEP000000000002', phone: 'SEP000000000002' });
    assert.equal(id('10.20.1.21', 'SEP000000000002').mismatch, "host name SEP000000000002 from SEP000000000001's address 10.20.1.21");
    assert.deepEqual(id('192.0.2.7', 'printer'), { key: 'unknown-192.0.2.7-printer' });
    assert.deepEqual(id('192.0.2.7', undefined), { key: 'unknown-192.0.2.7' });
  });
});
