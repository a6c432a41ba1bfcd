// The SEP<MAC>.cnf.xml files CUCM writes: all of them at start, with the structure of a
// CUCM-generated SCCP file, the effective values, and escaping of what came from outside.

import assert from 'node:assert/strict';
import { parseConfig } from './support/config-xml.ts';
import { axlPost, axlReturn } from './support/axl-client.ts';
import { startTestCucm, TEST_PHONES, type TestCucm } from './support/test-cucm.ts';
import { redact } from '../../../harness/lab/index.ts';

describe('virtual CUCM: phone configuration files', function () {
  let t: TestCucm;
  before(async function () {
    t = await startTestCucm();
  });
  after(async function () {
    await t.cucm.close();
  });

  it('writes every phone\'s file at start, named SEP<MAC>.cnf.xml', function () {
    assert.deepEqual([...t.sink.files.keys()].sort(), TEST_PHONES.map((p) => `${p.name}.cnf.xml`).sort());
    assert.equal(t.sink.notifications.length, 0, 'starting tells no phone anything');
  });

  it('has the structure of a CUCM-generated SCCP file with the effective values', function () {
    const d = parseConfig(t.sink.file('SEP0250F5A10001.cnf.xml'));
    assert.equal(d.deviceProtocol, 'SCCP');
    assert.match(d['@_uuid'], /^\{[0-9A-F-]{36}\}$/);
    assert.equal(d.loadInformation, 'SCCP41.9-4-2SR2-2S');
    assert.equal(d.devicePool.name, 'Default');
    assert.equal(d.devicePool.callManagerGroup.members.member.callManager.processNodeName, '127.0.0.1');
    assert.equal(d.vendorConfig['peerFirmwareSharing'], '0');
    assert.equal(d.vendorConfig['sshAccess'], '1');
    assert.equal(d.vendorConfig['webAccess'], '0');
    assert.match(d.versionStamp, /^\d{10}-[0-9a-f-]{36}$/);
    assert.equal(d.sshUserId, '');
  });

  it('leaves Peer Firmware Sharing out of a model that does not have it (7960)', function () {
    const d = parseConfig(t.sink.file('SEP0250F5A10008.cnf.xml'));
    assert.equal('peerFirmwareSharing' in d.vendorConfig, false);
    assert.equal(d.vendorConfig['sshAccess'], '1');
    assert.equal(d.loadInformation, '', 'no Device Defaults load for the 7960 in this lab');
  });

  it('escapes values that came from outside (SSH user and password, log server)', async function () {
    const reply = await axlPost(
      t.cucm,
      'updatePhone',
      '<name>SEP0250F5A10002</name><sshUserId>a&lt;b&gt;&amp;"c\'</sshUserId><sshPwd>p&lt;/sshPassword&gt;w</sshPwd><vendorConfig><logServer>10.0.0.1:514 &lt;x&gt;</logServer></vendorConfig>',
    );
    axlReturn(reply, 'updatePhone');
    const xml = t.sink.file('SEP0250F5A10002.cnf.xml');
    assert.match(xml, /<sshUserId>a&lt;b&gt;&amp;&quot;c&#39;<\/sshUserId>/);
    assert.ok(!xml.includes('<b>') && !xml.includes('p</sshPassword>w'), 'no markup injected');
    assert.match(xml, /<sshPassword>p&lt;\/sshPassword&gt;w<\/sshPassword>/);
    assert.match(xml, /<logServer>10\.0\.0\.1:514 &lt;x&gt;<\/logServer>/);
  });

  it('a phone listed with its Secure Shell Information starts with SSH Access Enabled, overriding its profile', async function () {
    const withSsh = await startTestCucm({
      phones: [{ name: 'SEP0250F5A10009', model: 'CP-7961G', ssh: { userId: 'pfslab', password: 'ph0ne-ssh' } }, ...TEST_PHONES.slice(0, 1)],
    });
    try {
      const d = parseConfig(withSsh.sink.file('SEP0250F5A10009.cnf.xml'));
      assert.equal(d.vendorConfig['sshAccess'], '0', 'Enabled is 0');
      assert.equal(d.sshUserId, 'pfslab');
      assert.equal(d.sshPassword, 'ph0ne-ssh');
      const other = parseConfig(withSsh.sink.file('SEP0250F5A10001.cnf.xml'));
      assert.equal(other.vendorConfig['sshAccess'], '1', 'a phone without it keeps CUCM\'s default (Disabled)');
      const got = await axlPost(withSsh.cucm, 'getPhone', '<name>SEP0250F5A10009</name>');
      axlReturn(got, 'getPhone');
      assert.match(got.body, /<sshAccess>0<\/sshAccess>/, 'AXL shows the phone-level override');
      assert.ok(!redact(withSsh.log.join('\n'), ['ph0ne-ssh']).includes('REDACTED'), 'the SSH password is never logged');
    } finally {
      await withSsh.cucm.close();
    }
  });
});
