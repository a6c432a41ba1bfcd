// The AXL driver against the virtual CUCM: PFS at each level with its override box, read
// back; vendorConfig read-modify-write; faults, bad credentials and a silent CUCM as errors;
// every change undone by the journal.

import assert from 'node:assert/strict';
import { AxlBackend } from '../../../drivers/cucm/axl/axl-backend.ts';
import { AxlFaultError, CucmAuthError, CucmFieldMissingError, CucmUnreachableError, cucmDriverFor } from '../../../drivers/cucm/index.ts';
import { PASSWORD, pfsInConfigFile, stored } from './support/virtual-cucm.ts';
import { applyRestartReset, useDriverOnVirtualCucm } from './support/driver-on-virtual-cucm.ts';
import { useSilentServer } from './support/silent-server.ts';

describe('CUCM driver: AXL', () => {
  const cucm = useDriverOnVirtualCucm({ via: 'axl', name: 'cucm-axl' });

  it('finds a phone by name', async () => {
    const info = await cucm.driver.findPhone('SEP0250F5A10002');
    assert.equal(info.name, 'SEP0250F5A10002');
    assert.equal(info.model, 'Cisco 7961');
    assert.equal(info.description, 'branch 7961 two');
    assert.equal(info.commonPhoneProfile, 'Branch Common Phone Profile');
    assert.match(info.pkid, /^[0-9a-f-]{36}$/);
  });

  it('sets PFS at phone, profile and enterprise level with the override boxes, and reads it back', async () => {
    assert.deepEqual(await cucm.driver.setPfs('enterprise', 'Enabled'), { value: 'Enabled' });
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10001'), { value: 'Enabled', source: 'enterprise' });

    await cucm.driver.setPfs({ commonPhoneProfile: 'Standard Common Phone Profile' }, 'Disabled', { override: true });
    assert.deepEqual(await cucm.driver.getPfs({ commonPhoneProfile: 'Standard Common Phone Profile' }), { value: 'Disabled', override: true });
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10001'), { value: 'Disabled', source: 'commonPhoneProfile' });

    await cucm.driver.setPfs({ phone: 'SEP0250F5A10001' }, 'Enabled');
    assert.deepEqual(await cucm.driver.getPfs({ phone: 'SEP0250F5A10001' }), { value: 'Enabled', override: true });
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10001'), { value: 'Enabled', source: 'phone' });
    assert.equal(cucm.v.cucm.effectivePfs('SEP0250F5A10001').enabled, true);
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10001'), '1');

    // Clearing the phone's box hands the decision back to its profile.
    await cucm.driver.setPfs({ phone: 'SEP0250F5A10001' }, 'Enabled', { override: false });
    assert.equal((await cucm.driver.getPfs({ phone: 'SEP0250F5A10001' })).override, false);
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10001'), { value: 'Disabled', source: 'commonPhoneProfile' });
    assert.deepEqual(cucm.v.cucm.effectivePfs('SEP0250F5A10001'), { enabled: false, source: 'commonPhoneProfile' });
  });

  it('keeps every other vendorConfig setting when it changes PFS', async () => {
    // Other product-specific settings of this phone, made non-default first (raw AXL).
    const axl = new AxlBackend(cucm.v.conn(), 1);
    try {
      await axl.call(
        'updatePhone',
        'SEP0250F5A10003',
        '<name>SEP0250F5A10003</name><vendorConfig><pcPort>1</pcPort><logServer>10.10.0.99</logServer><enableCdpSwPort>0</enableCdpSwPort><sshAccess>0</sshAccess><detectCMConnectionFailure>1</detectCMConnectionFailure></vendorConfig>',
      );
    } finally {
      await axl.close();
    }
    const vendorConfig = (): Record<string, string> => ({ ...cucm.v.cucm.state().phones.find((p) => p.name === 'SEP0250F5A10003')?.effectiveVendorConfig });
    const before = vendorConfig();
    assert.equal(before['logServer'], '10.10.0.99');
    await cucm.driver.setPfs({ phone: 'SEP0250F5A10003' }, 'Enabled');
    const after = vendorConfig();
    assert.deepEqual({ ...after, peerFirmwareSharing: undefined }, { ...before, peerFirmwareSharing: undefined });
    assert.equal(after['peerFirmwareSharing'], '1');
    assert.deepEqual(stored(cucm.v, 'SEP0250F5A10003'), { value: '1', override: true });
  });

  it('applies, restarts and resets a phone (CUCM tells the phone)', async () => {
    await applyRestartReset(cucm, 'SEP0250F5A10003');
  });

  it('bulk-updates phones by model and waits for the job; the read-back confirms it', async () => {
    const result = await cucm.driver.bulkUpdatePhones({ query: { model: 'CP-7961G' }, set: { peerFirmwareSharing: 'Enabled' } });
    assert.deepEqual(result.phones, ['SEP0250F5A10001', 'SEP0250F5A10002', 'SEP0250F5A10003']);
    assert.deepEqual(result.unchanged, []);
    assert.equal(result.verified, true);
    assert.equal(result.reported.succeeded, 3);
    for (const p of result.phones) assert.equal(pfsInConfigFile(cucm.v, p), '1');
  });

  it('turns a SOAP fault into an error naming method, object, axlcode and message', async () => {
    const err = await cucm.driver.findPhone('SEP0000DEADBEEF').then(
      () => assert.fail('no error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AxlFaultError);
    assert.equal(err.method, 'getPhone');
    assert.equal(err.object, 'SEP0000DEADBEEF');
    assert.equal(err.axlCode, 5007);
    assert.match(err.message, /getPhone SEP0000DEADBEEF: fault 5007: Item not valid/);
  });

  it('undoes every change through the journal: values back as before', async () => {
    assert.ok(cucm.journal.pending().length > 0);
    const failures = await cucm.journal.undoAll();
    assert.deepEqual(failures, []);
    const state = cucm.v.cucm.state();
    for (const p of state.phones) assert.equal(p.productSettings['peerFirmwareSharing']?.override ?? false, false, p.name);
    assert.equal(state.enterprise['peerFirmwareSharing'], '0');
    const profile = state.commonPhoneProfiles.find((p) => p.name === 'Standard Common Phone Profile');
    assert.equal(profile?.productSettings['peerFirmwareSharing']?.override, false);
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10001'), '0');
  });

  it('refuses a change while no journal is bound', async () => {
    const unbound = cucmDriverFor(cucm.v.conn(), { via: 'axl' });
    try {
      await assert.rejects(unbound.setPfs('enterprise', 'Enabled'), /no teardown journal/);
    } finally {
      await unbound.close();
    }
  });

  it('reports a wrong password clearly, without the password', async () => {
    const wrong = 'Not-The-Password-123';
    const bad = cucmDriverFor(cucm.v.conn({ password: wrong }), { via: 'axl' });
    try {
      const err = await bad.login().then(
        () => assert.fail('no error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof CucmAuthError);
      assert.match(err.message, /refused user "pfslab-admin" \(HTTP 401\)/);
      assert.ok(!err.message.includes(wrong) && !err.message.includes(PASSWORD));
      assert.ok(!err.message.includes(Buffer.from(`pfslab-admin:${wrong}`).toString('base64')));
    } finally {
      await bad.close();
    }
  });
});

describe('CUCM driver: AXL with CSCsh20977 (no PFS at the Enterprise level)', () => {
  const cucm = useDriverOnVirtualCucm({ via: 'axl', name: 'cucm-axl-20977', cucm: { faults: [{ id: 'CSCsh20977' }] }, login: false });

  it('says the field is absent, journals nothing, and reports the built-in default as effective', async () => {
    await assert.rejects(cucm.driver.setPfs('enterprise', 'Enabled'), (e: unknown) => e instanceof CucmFieldMissingError && /"Peer Firmware Sharing" field is absent on the Enterprise/.test(e.message));
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10001'), { value: 'Disabled', source: 'default', assumed: true });
    assert.deepEqual(cucm.v.cucm.effectivePfs('SEP0250F5A10001'), { enabled: false, source: 'default' });
  });
});

describe('AXL driver: a lab that states its CUCM\'s PFS built-in default (cucm.pfsBuiltInDefault)', function () {
  // No PFS at the Enterprise level (CSCsh20977): nothing but the built-in default can speak.
  const cucm = useDriverOnVirtualCucm({
    via: 'axl',
    name: 'cucm-axl-default',
    cucm: { faults: [{ id: 'CSCsh20977' }], pfsBuiltInDefault: 'Enabled' },
    conn: { pfsBuiltInDefault: 'Enabled' },
    login: false,
  });

  it("the driver gives the lab's default, not marked as assumed; the virtual CUCM and the config file follow the lab", async () => {
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10001'), { value: 'Enabled', source: 'default', assumed: false });
    assert.deepEqual(cucm.v.cucm.effectivePfs('SEP0250F5A10001'), { enabled: true, source: 'default' });
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10001'), '1');
  });

  it('without the lab saying it, the driver falls back to the assumption and marks it', async () => {
    const assuming = cucmDriverFor(cucm.v.conn(), { via: 'axl' });
    try {
      assert.deepEqual(await assuming.getEffectivePfs('SEP0250F5A10001'), { value: 'Disabled', source: 'default', assumed: true });
    } finally {
      await assuming.close();
    }
  });
});

describe('CUCM driver: AXL to a CUCM that does not answer', () => {
  const silent = useSilentServer();

  it('times out with an error naming the URL, never the password', async () => {
    const port = silent.port;
    const url = `https://127.0.0.1:${port}/axl/`;
    const driver = cucmDriverFor(
      { url: `https://127.0.0.1:${port}/`, user: 'pfslab-admin', password: PASSWORD, version: '10.5', axlUrl: url, tls: { insecure: true }, timeoutMs: 500 },
      { via: 'axl' },
    );
    try {
      const err = await driver.getPfs('enterprise').then(
        () => assert.fail('no error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof CucmUnreachableError);
      assert.ok(err.message.includes(url), err.message);
      assert.match(err.message, /did not answer/);
      assert.ok(!err.message.includes(PASSWORD));
    } finally {
      await driver.close();
    }
  });
});
