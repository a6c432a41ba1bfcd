// PhoneWeb and waitForLoad against a virtual phone's web server on loopback.
import assert from 'node:assert/strict';
import { PhoneError, PhoneWeb, waitForLoad } from '../../../drivers/phone/index.ts';
import { LOAD, startPhoneLab, TFTP_IP } from './support/phone-lab.ts';
import type { PhoneLab } from './support/phone-lab.ts';

describe('drivers/phone PhoneWeb (virtual phone)', function () {
  let lab: PhoneLab;
  let web: PhoneWeb;

  before(async function () {
    lab = await startPhoneLab([{ host: 31 }]);
    const phone = lab.phones[0]!;
    web = new PhoneWeb({ name: phone.name, ip: phone.spec.ip });
  });
  after(async function () {
    await lab?.close();
  });

  it('reads DeviceInformationX into a typed record, keeping every element in raw', async function () {
    const phone = lab.phones[0]!;
    const info = await web.deviceInformation();
    assert.equal(info.hostName, phone.name);
    assert.equal(info.macAddress, phone.mac);
    assert.equal(info.modelNumber, 'CP-7961G');
    assert.equal(info.versionId, '9-4-2SR2-2S');
    assert.equal(info.appLoadId, 'jar41sccp.9-4-2SR2-2S');
    assert.equal(info.raw.hardwareRevision, '2');
    assert.ok('serialNumber' in info.raw);
  });

  it('reads NetworkConfigurationX, including the PFS entry', async function () {
    const net = await web.networkConfiguration();
    assert.equal(net.ipAddress, '127.79.1.31');
    assert.equal(net.subnetMask, '255.255.255.0');
    assert.equal(net.defaultRouter, '127.79.1.1');
    assert.equal(net.tftpServer1, TFTP_IP);
    assert.deepEqual(net.callManagers, [`${TFTP_IP} Active`]);
    assert.equal(net.peerFirmwareSharing, true);
    assert.equal(net.raw.DHCPEnabled, 'No');
  });

  it('lists the console log files from the Serviceability page', async function () {
    const files = await web.consoleLogFiles();
    assert.deepEqual(
      files.map((f) => f.path),
      lab.phones[0]!.flash.log.list().map((f) => `/FS/cache/${f.name}`),
    );
  });

  it('waitForLoad resolves when the phone runs the load, and names phone, load and what it runs at the deadline', async function () {
    const info = await waitForLoad(web, LOAD, { deadline: Date.now() + 10_000, intervalMs: 50 });
    assert.equal(info.versionId, '9-4-2SR2-2S');
    const seen: string[] = [];
    await assert.rejects(
      waitForLoad(web, 'SCCP41.9-9-9', { deadline: Date.now() + 200, intervalMs: 50, onProgress: (p) => seen.push(p.kind) }),
      (e: Error) => e instanceof PhoneError && /SEP0250F5B1001F .*waiting for load SCCP41\.9-9-9: deadline passed: it runs 9-4-2SR2-2S/.test(e.message),
    );
    assert.deepEqual(seen, ['running']);
  });

  it('names the phone and the path when the web server does not answer', async function () {
    const dead = new PhoneWeb({ name: 'SEP000000000001', ip: '127.79.1.250' }, { timeoutMs: 1000 });
    await assert.rejects(dead.deviceInformation(), /phone SEP000000000001 \(127\.79\.1\.250\): GET \/DeviceInformationX: /);
  });
});
