// What public evidence shows of CUCM 10.5, driven through the CUCM driver against the
// reshaped virtual CUCM: every AXL request the driver actually sends fits the facts of the
// AXL 10.5 schema; AXL 10.5 has no getDeviceDefaults (a real fault), so Device Defaults are
// read with executeSQLQuery by model AND protocol, and on the page from the row of that
// protocol; a structured vendorConfig element survives a PFS write; the Enterprise page's
// own override box decides whether its value counts; BAT runs Query -> Find -> Next with an
// update box per field and a job keyed by a uuid.

import assert from 'node:assert/strict';
import { AxlBackend } from '../../../drivers/cucm/axl/axl-backend.ts';
import type { AxlHttp } from '../../../drivers/cucm/axl/http.ts';
import { checkRequest } from '../../../drivers/cucm/axl/schema/check.ts';
import { factRules } from '../../../drivers/cucm/axl/schema/fact-rules.ts';
import { JournaledCucmDriver } from '../../../drivers/cucm/driver.ts';
import { AxlFaultError, cucmDriverFor } from '../../../drivers/cucm/index.ts';
import { axlPost, axlReturn } from '../../virtual/cucm/support/axl-client.ts';
import { FACTS_FILE, loadFacts } from './support/facts-xsd.ts';
import { PASSWORD, pfsInConfigFile, USER } from './support/virtual-cucm.ts';
import { useDriverOnVirtualCucm } from './support/driver-on-virtual-cucm.ts';

const PHONE = 'SEP0250F5A10001';
const SCCP_LOAD = 'SCCP41.9-4-2SR2-2S';
const SIP_LOAD = 'SIP41.9-4-2SR2-2S';
const AS_ADMIN = { user: USER, password: PASSWORD };

describe('CUCM 10.5 as public evidence shows it: AXL', function () {
  const sent: { method: string; body: string }[] = [];
  const cucm = useDriverOnVirtualCucm({
    via: 'axl',
    name: 'cucm-105-axl',
    // The AXL backend with its HTTP posts recorded, so every body it builds can be checked.
    driver: (v) => {
      const backend = new AxlBackend(v.conn(), 4);
      const http = (backend as unknown as { http: AxlHttp }).http;
      const post = http.post.bind(http);
      http.post = (action, body) => {
        const m = /<soapenv:Body><ns:(\w+)>([\s\S]*)<\/ns:\1><\/soapenv:Body>/.exec(body);
        if (m) sent.push({ method: m[1] ?? '', body: m[2] ?? '' });
        return post(action, body);
      };
      return new JournaledCucmDriver(backend, { bulkPollMs: 20, bulkTimeoutMs: 30_000, parallelism: 4 });
    },
  });

  it('reads the Device Defaults load with executeSQLQuery by model and protocol: the SCCP and SIP rows differ', async () => {
    assert.equal(await cucm.driver.getDeviceDefaultLoad('CP-7961G'), SCCP_LOAD);
    assert.equal(await cucm.driver.getDeviceDefaultLoad('CP-7961G', 'SIP'), SIP_LOAD);
    assert.equal(await cucm.driver.getDeviceDefaultLoad('Cisco 7965', 'SCCP'), 'SCCP45.9-4-2SR2-2S');
    const sql = sent.filter((s) => s.method === 'executeSQLQuery').map((s) => s.body);
    assert.equal(sql.length, 3);
    assert.match(sql[1] ?? '', /tkdeviceprotocol = 11/);
    assert.ok(!sent.some((s) => s.method === 'getDeviceDefaults'));
  });

  it('a device type CUCM does not know has no Device Defaults row: an error, not an empty load', async () => {
    await assert.rejects(cucm.driver.getDeviceDefaultLoad('Cisco 9999'), /no Device Defaults row for this device type and protocol/);
  });

  it('the virtual CUCM refuses getDeviceDefaults as a real 10.5 does (Axis2: no such operation)', async () => {
    const reply = await axlPost(cucm.v.cucm, 'getDeviceDefaults', '<model>Cisco 7961</model><protocol>SCCP</protocol>', AS_ADMIN);
    assert.equal(reply.status, 500);
    assert.match(reply.body, /<faultcode>axis2ns1:Client<\/faultcode><faultstring>The endpoint reference \(EPR\) for the Operation not found is https:\/\/[^ ]+\/axl\/services\/AXLAPIService and the WSA Action = CUCM:DB ver=10\.5 getDeviceDefaults<\/faultstring>/);
    // A driver told the cluster is 12.5 sends getDeviceDefaults, and a 10.5 says no: a clear AXL fault.
    const wrong = cucmDriverFor(cucm.v.conn({ version: '12.5' }), { via: 'axl' });
    try {
      const err = await wrong.getDeviceDefaultLoad('CP-7961G').then(
        () => assert.fail('a 10.5 cluster has no getDeviceDefaults'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof Error);
      assert.match(err.message, /getDeviceDefaults|version 12\.5/);
    } finally {
      await wrong.close();
    }
  });

  it('keeps a structured vendorConfig element it does not know when it writes PFS back', async () => {
    const nested = '<lldpAssetId><value>rack-7</value><source>lab</source></lldpAssetId>';
    axlReturn(await axlPost(cucm.v.cucm, 'updatePhone', `<name>${PHONE}</name><vendorConfig><sshAccess>0</sshAccess>${nested}</vendorConfig>`, AS_ADMIN), 'updatePhone');
    await cucm.driver.setPfs({ phone: PHONE }, 'Enabled');
    const written = sent.filter((s) => s.method === 'updatePhone').at(-1)?.body ?? '';
    assert.ok(written.includes(nested), written);
    assert.match(written, /<sshAccess>0<\/sshAccess>/);
    assert.match(written, /<peerFirmwareSharing>1<\/peerFirmwareSharing>/);
    const back = await axlPost(cucm.v.cucm, 'getPhone', `<name>${PHONE}</name><returnedTags><vendorConfig/></returnedTags>`, AS_ADMIN);
    assert.ok(back.body.includes(nested), 'CUCM still holds the element after the write-back');
    assert.equal(pfsInConfigFile(cucm.v, PHONE), '1');
  });

  it('every AXL request the driver sent on the way fits the facts of the AXL 10.5 schema', async () => {
    await cucm.driver.findPhone(PHONE);
    await cucm.driver.setPfs({ commonPhoneProfile: 'Standard Common Phone Profile' }, 'Disabled');
    await cucm.driver.setPfs('enterprise', 'Enabled');
    await cucm.driver.setLoad(PHONE, 'SCCP41.9-3-1SR1-1S');
    await cucm.driver.applyConfig(PHONE);
    await cucm.driver.restart(PHONE);
    await cucm.driver.reset(PHONE);
    await cucm.driver.save(PHONE);
    await cucm.driver.bulkUpdatePhones({ query: { namePrefix: 'SEP0250F5A1000' }, set: { peerFirmwareSharing: 'Disabled' } });
    assert.deepEqual(await cucm.journal.undoAll().then((f) => f.map((x) => x.error.message)), []);
    const rules = factRules(loadFacts(), FACTS_FILE);
    const methods = new Set(sent.map((s) => s.method));
    for (const m of ['getPhone', 'updatePhone', 'listPhone', 'applyPhone', 'restartPhone', 'resetPhone', 'getCommonPhoneConfig', 'updateCommonPhoneConfig', 'getEnterprisePhoneConfig', 'updateEnterprisePhoneConfig', 'executeSQLQuery']) {
      assert.ok(methods.has(m), `the driver sent ${m}`);
    }
    for (const s of sent) assert.deepEqual(checkRequest(rules, { ...s, purpose: 'recorded' }), [], `${s.method}: ${s.body}`);
  });

  it('a fault without axlError (Axis2) still names the method', async () => {
    const backend = new AxlBackend(cucm.v.conn(), 1);
    try {
      await assert.rejects(backend.call('getDeviceDefaults', 'Cisco 7961', '<Model>Cisco 7961</Model>'), (e: unknown) => e instanceof AxlFaultError && /AXL getDeviceDefaults Cisco 7961: fault: The endpoint reference/.test(e.message));
    } finally {
      await backend.close();
    }
  });
});

describe('CUCM 10.5 as public evidence shows it: web pages', function () {
  const cucm = useDriverOnVirtualCucm({ via: 'web', name: 'cucm-105-web', cucm: { sessionTtlMs: 60_000 }, timing: { bulkPollMs: 100 } });

  it('finds a phone in a find list without thead: the model from the icon, the key from the row link', async () => {
    const info = await cucm.driver.findPhone('SEP0250F5A10004');
    assert.equal(info.model, 'Cisco 7965');
    assert.equal(info.description, 'branch 7965');
    assert.equal(info.ip, '10.20.1.24');
    assert.equal(info.pkid, cucm.v.cucm.state().phones.find((p) => p.name === 'SEP0250F5A10004')?.pkid);
  });

  it('reads the Device Defaults load from the row of the model AND protocol', async () => {
    assert.equal(await cucm.driver.getDeviceDefaultLoad('CP-7961G'), SCCP_LOAD);
    assert.equal(await cucm.driver.getDeviceDefaultLoad('CP-7961G', 'SIP'), SIP_LOAD);
  });

  it("sets the Enterprise page's own override box with its value; with the box clear the value does not count", async () => {
    await cucm.driver.setPfs('enterprise', 'Enabled');
    assert.deepEqual(await cucm.driver.getPfs('enterprise'), { value: 'Enabled', override: true });
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10003'), { value: 'Enabled', source: 'enterprise' });
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10003'), '1');
    await cucm.driver.setPfs('enterprise', 'Enabled', { override: false });
    assert.deepEqual(await cucm.driver.getPfs('enterprise'), { value: 'Enabled', override: false });
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10003'), { value: 'Disabled', source: 'default', assumed: true });
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10003'), '0', 'the config file follows the box');
  });

  it('BAT: Query -> Find -> Next, the update box of the field, Run Immediately; the job is found by its uuid key', async () => {
    const result = await cucm.driver.bulkUpdatePhones({ query: { model: 'CP-7961G' }, set: { peerFirmwareSharing: 'Enabled' }, after: 'none' });
    assert.match(result.jobId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(cucm.v.cucm.state().bulkJobs.map((j) => j.key), [result.jobId]);
    assert.equal(result.verified, true);
    assert.deepEqual(result.changed, ['SEP0250F5A10001', 'SEP0250F5A10002', 'SEP0250F5A10003']);
    assert.deepEqual(result.reported, { status: 'Success', total: 3, succeeded: 3, failed: 0 });
    // Only the field whose update box was set changed: the description and load stayed.
    const phone = cucm.v.cucm.state().phones.find((p) => p.name === 'SEP0250F5A10002');
    assert.equal(phone?.description, 'branch 7961 two');
    assert.equal(phone?.loadName, '');
  });

  it('undoes it all through the journal', async () => {
    assert.deepEqual(await cucm.journal.undoAll().then((f) => f.map((x) => x.error.message)), []);
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10001'), '0');
    assert.equal(cucm.v.cucm.state().enterprise['peerFirmwareSharing'], '0');
  });
});
