// AXL 10.5 over HTTPS with hand-written SOAP bodies: authentication, the phone methods with
// vendorConfig replaced whole, profile / enterprise / device-defaults methods, and faults.

import assert from 'node:assert/strict';
import { axlFaultOf, axlPost, axlReturn, soapEnvelope } from './support/axl-client.ts';
import { parseConfig } from './support/config-xml.ts';
import { startTestCucm, type TestCucm } from './support/test-cucm.ts';

type Node = Record<string, unknown>;

const asNode = (v: unknown): Node => {
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `expected an element, got ${JSON.stringify(v)}`);
  return v as Node;
};

async function getPhone(t: TestCucm, name: string): Promise<Node> {
  return asNode(asNode(axlReturn(await axlPost(t.cucm, 'getPhone', `<name>${name}</name>`), 'getPhone'))['phone']);
}

/** vendorConfig as element -> value ('' for an empty vendorConfig). */
function vendorConfig(phone: Node): Node {
  const vc = phone['vendorConfig'];
  return vc === '' || vc === undefined ? {} : asNode(vc);
}

function vendorXml(values: Record<string, string>): string {
  return `<vendorConfig>${Object.entries(values)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('')}</vendorConfig>`;
}

describe('virtual CUCM: AXL 10.5', function () {
  let t: TestCucm;
  beforeEach(async function () {
    t = await startTestCucm();
  });
  afterEach(async function () {
    await t.cucm.close();
  });

  describe('authentication and envelope', function () {
    it('answers 401 to a wrong password or no credentials, and logs no password', async function () {
      const wrong = await axlPost(t.cucm, 'getPhone', '<name>SEP0250F5A10001</name>', { password: 'nope-Secret-42' });
      assert.equal(wrong.status, 401);
      const unknown = await axlPost(t.cucm, 'getPhone', '<name>SEP0250F5A10001</name>', { user: 'intruder', password: 'x' });
      assert.equal(unknown.status, 401);
      assert.ok(!t.log.join('\n').includes('nope-Secret-42'));
      assert.ok(!t.log.join('\n').includes('virtual-secret-Pa55'));
    });

    it('responds in the 10.5 namespace with ns:<method>Response/return', async function () {
      const reply = await axlPost(t.cucm, 'getPhone', '<name>SEP0250F5A10001</name>');
      assert.equal(reply.status, 200);
      assert.match(reply.body, /<ns:getPhoneResponse xmlns:ns="http:\/\/www\.cisco\.com\/AXL\/API\/10\.5"><return><phone uuid="\{[0-9A-F-]{36}\}">/);
    });

    it('faults on a SOAPAction that names another method or version, a foreign namespace, bad XML, an unknown method', async function () {
      const cases = [
        await axlPost(t.cucm, 'getPhone', '<name>SEP0250F5A10001</name>', { soapAction: '"CUCM:DB ver=10.5 listPhone"' }),
        await axlPost(t.cucm, 'getPhone', '<name>SEP0250F5A10001</name>', { soapAction: '"CUCM:DB ver=9.1 getPhone"' }),
        await axlPost(t.cucm, 'getPhone', '', { rawBody: soapEnvelope('getPhone', '<name>SEP0250F5A10001</name>').replace('API/10.5', 'API/8.5') }),
        await axlPost(t.cucm, 'getPhone', '', { rawBody: '<soapenv:Envelope><soapenv:Body><ns:getPhone>' }),
      ];
      // A method AXL 10.5 lacks: Axis2's own fault, without axlError, as on a real cluster.
      const unknown = await axlPost(t.cucm, 'removePhone', '<name>SEP0250F5A10001</name>');
      assert.equal(unknown.status, 500);
      assert.equal(axlFaultOf(unknown).faultcode, 'axis2ns1:Client');
      assert.match(axlFaultOf(unknown).faultstring, /^The endpoint reference \(EPR\) for the Operation not found is .* and the WSA Action = CUCM:DB ver=10\.5 removePhone$/);
      for (const reply of cases) {
        assert.equal(reply.status, 500, reply.body);
        const fault = axlFaultOf(reply);
        assert.equal(fault.faultcode, 'soapenv:Client');
        assert.ok(fault.axlmessage.length > 0);
      }
    });

    it('accepts a request without SOAPAction (the body names the method)', async function () {
      const reply = await axlPost(t.cucm, 'getPhone', '<name>SEP0250F5A10001</name>', { soapAction: null });
      assert.equal(reply.status, 200);
    });
  });

  describe('phones', function () {
    it('getPhone by name and by uuid returns the same phone, vendorConfig as elements', async function () {
      const byName = await getPhone(t, 'SEP0250F5A10001');
      assert.equal(byName['name'], 'SEP0250F5A10001');
      assert.equal(byName['model'], 'Cisco 7961');
      assert.equal(byName['product'], 'Cisco 7961');
      assert.equal(asNode(byName['commonPhoneConfigName'])['#text'], 'Standard Common Phone Profile');
      assert.equal(asNode(byName['loadInformation'])['#text'], 'SCCP41.9-4-2SR2-2S');
      // Only phone-only parameters (no override concept) are present on a fresh phone.
      assert.deepEqual(vendorConfig(byName), { enableCdpSwPort: '1', detectCMConnectionFailure: '0' });

      const uuid = String(byName['@_uuid']);
      const byUuid = asNode(asNode(axlReturn(await axlPost(t.cucm, 'getPhone', `<uuid>${uuid}</uuid>`), 'getPhone'))['phone']);
      assert.equal(byUuid['name'], 'SEP0250F5A10001');
    });

    it('getPhone honours returnedTags', async function () {
      const reply = await axlPost(t.cucm, 'getPhone', '<name>SEP0250F5A10001</name><returnedTags><name/><vendorConfig/></returnedTags>');
      const phone = asNode(asNode(axlReturn(reply, 'getPhone'))['phone']);
      assert.deepEqual(Object.keys(phone).filter((k) => !k.startsWith('@_')).sort(), ['name', 'vendorConfig']);
    });

    it('getPhone of an unknown phone is fault 5007', async function () {
      const fault = axlFaultOf(await axlPost(t.cucm, 'getPhone', '<name>SEP000000000000</name>'));
      assert.equal(fault.axlcode, '5007');
      assert.equal(fault.axlmessage, 'Item not valid: The specified Phone was not found');
      assert.equal(fault.request, 'getPhone');
    });

    it('listPhone matches % patterns and returns the asked tags, sorted, with skip/first', async function () {
      const reply = await axlPost(t.cucm, 'listPhone', '<searchCriteria><name>sep0250f5a1000%</name></searchCriteria><returnedTags><name/><model/></returnedTags>');
      const phones = asNode(axlReturn(reply, 'listPhone'))['phone'] as Node[];
      assert.equal(phones.length, 8);
      assert.equal(phones[0]?.['name'], 'SEP0250F5A10001');
      assert.equal(phones[0]?.['model'], 'Cisco 7961');
      assert.equal(phones[0]?.['description'], undefined);
      const page = await axlPost(t.cucm, 'listPhone', '<searchCriteria><name>SEP%</name></searchCriteria><returnedTags><name/></returnedTags><skip>2</skip><first>3</first>');
      assert.deepEqual((asNode(axlReturn(page, 'listPhone'))['phone'] as Node[]).map((p) => p['name']), ['SEP0250F5A10003', 'SEP0250F5A10004', 'SEP0250F5A10005']);
      const byDescription = await axlPost(t.cucm, 'listPhone', '<searchCriteria><description>%7965%</description></searchCriteria><returnedTags><name/></returnedTags>');
      assert.equal(asNode(asNode(axlReturn(byDescription, 'listPhone'))['phone'])['name'], 'SEP0250F5A10004');
      const none = await axlPost(t.cucm, 'listPhone', '<searchCriteria><name>XYZ%</name></searchCriteria><returnedTags><name/></returnedTags>');
      assert.equal(axlReturn(none, 'listPhone'), '');
    });

    it('updatePhone replaces vendorConfig whole: a parameter left out is lost', async function () {
      axlReturn(await axlPost(t.cucm, 'updatePhone', `<name>SEP0250F5A10001</name>${vendorXml({ sshAccess: '0', logServer: '10.0.0.5:514', enableCdpSwPort: '0' })}`), 'updatePhone');
      assert.deepEqual(vendorConfig(await getPhone(t, 'SEP0250F5A10001')), { logServer: '10.0.0.5:514', enableCdpSwPort: '0', sshAccess: '0', detectCMConnectionFailure: '0' });

      // A naive write of just the one parameter loses the others...
      axlReturn(await axlPost(t.cucm, 'updatePhone', `<name>SEP0250F5A10001</name>${vendorXml({ peerFirmwareSharing: '1' })}`), 'updatePhone');
      const after = vendorConfig(await getPhone(t, 'SEP0250F5A10001'));
      assert.deepEqual(after, { peerFirmwareSharing: '1', enableCdpSwPort: '1', detectCMConnectionFailure: '0' });
      const state = t.cucm.state().phones.find((p) => p.name === 'SEP0250F5A10001');
      assert.equal(state?.effectiveVendorConfig['sshAccess'], '1', 'SSH access falls back to the enterprise value');
      assert.equal(state?.effectiveVendorConfig['logServer'], '');
    });

    it('updatePhone with read-modify-write keeps every other parameter', async function () {
      axlReturn(await axlPost(t.cucm, 'updatePhone', `<name>SEP0250F5A10001</name>${vendorXml({ sshAccess: '0', logServer: '10.0.0.5:514', enableCdpSwPort: '0' })}`), 'updatePhone');
      const current = vendorConfig(await getPhone(t, 'SEP0250F5A10001')) as Record<string, string>;
      axlReturn(await axlPost(t.cucm, 'updatePhone', `<name>SEP0250F5A10001</name>${vendorXml({ ...current, peerFirmwareSharing: '1' })}`), 'updatePhone');
      assert.deepEqual(vendorConfig(await getPhone(t, 'SEP0250F5A10001')), { ...current, peerFirmwareSharing: '1' });
      assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10001'), { enabled: true, source: 'phone' });
    });

    it('updatePhone ignores elements outside the model\'s layout (PFS on a 7960) and reports them in the log', async function () {
      axlReturn(await axlPost(t.cucm, 'updatePhone', `<name>SEP0250F5A10008</name>${vendorXml({ peerFirmwareSharing: '1', noSuchThing: '3' })}`), 'updatePhone');
      assert.deepEqual(vendorConfig(await getPhone(t, 'SEP0250F5A10008')), { enableCdpSwPort: '1', detectCMConnectionFailure: '0' });
      assert.ok(t.log.some((l) => l.includes('ignored vendorConfig elements') && l.includes('peerFirmwareSharing') && l.includes('noSuchThing')));
      assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10008'), { enabled: false, source: 'default' });
    });

    it('updatePhone refuses a value the parameter cannot take (5003) and changes nothing', async function () {
      const before = t.cucm.state().phones.find((p) => p.name === 'SEP0250F5A10001');
      const fault = axlFaultOf(await axlPost(t.cucm, 'updatePhone', `<name>SEP0250F5A10001</name><description>changed</description>${vendorXml({ peerFirmwareSharing: '7' })}`));
      assert.equal(fault.axlcode, '5003');
      assert.match(fault.axlmessage, /peerFirmwareSharing/);
      assert.deepEqual(t.cucm.state().phones.find((p) => p.name === 'SEP0250F5A10001'), before);
    });

    it('updatePhone of an unknown phone is fault 5003; an unknown profile name is refused', async function () {
      assert.equal(axlFaultOf(await axlPost(t.cucm, 'updatePhone', '<name>SEP000000000000</name><description>x</description>')).axlcode, '5003');
      assert.equal(axlFaultOf(await axlPost(t.cucm, 'updatePhone', '<name>SEP0250F5A10001</name><commonPhoneConfigName>Nope</commonPhoneConfigName>')).axlcode, '5003');
    });

    it('updatePhone rebuilds the TFTP file at once but tells the phone nothing; applyPhone tells it', async function () {
      t.sink.reset();
      axlReturn(await axlPost(t.cucm, 'updatePhone', `<name>SEP0250F5A10002</name>${vendorXml({ peerFirmwareSharing: '1' })}`), 'updatePhone');
      assert.equal(parseConfig(t.sink.file('SEP0250F5A10002.cnf.xml')).vendorConfig['peerFirmwareSharing'], '1');
      assert.deepEqual(t.sink.notifications, []);

      t.sink.reset();
      const uuid = axlReturn(await axlPost(t.cucm, 'applyPhone', '<name>SEP0250F5A10002</name>'), 'applyPhone');
      assert.match(String(uuid), /^\{[0-9A-F-]{36}\}$/);
      assert.equal(t.sink.writesOf('SEP0250F5A10002.cnf.xml'), 1);
      assert.deepEqual(t.sink.notifications, [{ phone: 'SEP0250F5A10002', action: 'apply' }]);
    });

    it('resetPhone and restartPhone write the file and send reset / restart', async function () {
      t.sink.reset();
      axlReturn(await axlPost(t.cucm, 'resetPhone', '<name>SEP0250F5A10001</name>'), 'resetPhone');
      axlReturn(await axlPost(t.cucm, 'restartPhone', '<name>SEP0250F5A10003</name>'), 'restartPhone');
      assert.deepEqual(t.sink.notifications, [
        { phone: 'SEP0250F5A10001', action: 'reset' },
        { phone: 'SEP0250F5A10003', action: 'restart' },
      ]);
      assert.equal(t.sink.writes.length, 2);
      assert.equal(axlFaultOf(await axlPost(t.cucm, 'resetPhone', '<name>SEP000000000000</name>')).axlcode, '5007');
    });

    it('updatePhone sets the phone load, SSH user and password (never returned)', async function () {
      axlReturn(await axlPost(t.cucm, 'updatePhone', '<name>SEP0250F5A10001</name><loadInformation>SCCP41.9-3-1SR1S</loadInformation><sshUserId>debug</sshUserId><sshPwd>s3cret-ssh</sshPwd>'), 'updatePhone');
      const phone = await getPhone(t, 'SEP0250F5A10001');
      assert.deepEqual(phone['loadInformation'], { '#text': 'SCCP41.9-3-1SR1S', '@_special': 'true' });
      assert.equal(phone['sshUserId'], 'debug');
      assert.ok(!JSON.stringify(phone).includes('s3cret-ssh'));
      const cfg = parseConfig(t.sink.file('SEP0250F5A10001.cnf.xml'));
      assert.equal(cfg.loadInformation, 'SCCP41.9-3-1SR1S');
      assert.equal(cfg.sshUserId, 'debug');
      assert.equal(cfg.sshPassword, 's3cret-ssh');
      assert.ok(!t.log.join('\n').includes('s3cret-ssh'), 'the SSH password is never logged');
    });
  });

  describe('Common Phone Profile, Enterprise Phone Configuration, Device Defaults', function () {
    it('a profile override reaches the phones that do not override', async function () {
      const profile = asNode(asNode(axlReturn(await axlPost(t.cucm, 'getCommonPhoneConfig', '<name>Standard Common Phone Profile</name>'), 'getCommonPhoneConfig'))['commonPhoneConfig']);
      assert.equal(profile['name'], 'Standard Common Phone Profile');
      assert.equal(profile['vendorConfig'], '', 'a fresh profile overrides nothing');

      t.sink.reset();
      axlReturn(await axlPost(t.cucm, 'updateCommonPhoneConfig', `<name>Standard Common Phone Profile</name>${vendorXml({ peerFirmwareSharing: '1' })}`), 'updateCommonPhoneConfig');
      assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10001'), { enabled: true, source: 'commonPhoneProfile' });
      assert.equal(parseConfig(t.sink.file('SEP0250F5A10001.cnf.xml')).vendorConfig['peerFirmwareSharing'], '1');
      assert.equal(t.sink.writes.length, 7, 'every phone of the profile with PFS in its layout; the 7960 file does not change');

      // A phone that overrides keeps its own value.
      axlReturn(await axlPost(t.cucm, 'updatePhone', `<name>SEP0250F5A10002</name>${vendorXml({ peerFirmwareSharing: '0' })}`), 'updatePhone');
      assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10002'), { enabled: false, source: 'phone' });

      const fault = axlFaultOf(await axlPost(t.cucm, 'getCommonPhoneConfig', '<name>Nope</name>'));
      assert.equal(fault.axlcode, '5007');
    });

    it('the Enterprise Phone Configuration is the last level and is replaced whole', async function () {
      const get = async (): Promise<Node> =>
        asNode(asNode(asNode(axlReturn(await axlPost(t.cucm, 'getEnterprisePhoneConfig', ''), 'getEnterprisePhoneConfig'))['enterprisePhoneConfig'])['vendorConfig']);
      assert.equal((await get())['peerFirmwareSharing'], '0');
      axlReturn(await axlPost(t.cucm, 'updateEnterprisePhoneConfig', vendorXml({ peerFirmwareSharing: '1', sshAccess: '0' })), 'updateEnterprisePhoneConfig');
      assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10001'), { enabled: true, source: 'enterprise' });
      axlReturn(await axlPost(t.cucm, 'updateEnterprisePhoneConfig', vendorXml({ peerFirmwareSharing: '1' })), 'updateEnterprisePhoneConfig');
      const now = await get();
      assert.equal(now['peerFirmwareSharing'], '1');
      assert.equal(now['sshAccess'], '1', 'left out: back to its default');
    });

    it('Device Defaults: executeSQLQuery on defaults by model and protocol; getDeviceDefaults does not exist in 10.5', async function () {
      const sql = (type: string, protocol: number): string =>
        `<sql>select d.loadinformation from defaults as d inner join typemodel as tm on d.tkmodel = tm.enum where tm.name = '${type}' and d.tkdeviceprotocol = ${protocol}</sql>`;
      const rows = async (type: string, protocol: number): Promise<unknown> => {
        const ret = axlReturn(await axlPost(t.cucm, 'executeSQLQuery', sql(type, protocol)), 'executeSQLQuery');
        return ret === '' ? undefined : asNode(ret)['row'];
      };
      assert.deepEqual(await rows('Cisco 7961', 0), { loadinformation: 'SCCP41.9-4-2SR2-2S' });
      assert.deepEqual(await rows('Cisco 7961', 11), { loadinformation: 'SIP41.9-4-2SR2-2S' });
      assert.equal(await rows('Cisco 9999', 0), undefined, 'no row');
      const other = await axlPost(t.cucm, 'executeSQLQuery', '<sql>select * from device</sql>');
      assert.equal(other.status, 500);
      const dd = await axlPost(t.cucm, 'getDeviceDefaults', '<model>Cisco 7961</model><protocol>SCCP</protocol>');
      assert.equal(dd.status, 500);
      assert.equal(axlFaultOf(dd).faultcode, 'axis2ns1:Client');
    });
  });
});
