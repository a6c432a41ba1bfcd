// The AXL schema check: every request pfslab sends fits the facts kept from Cisco's AXL 10.5
// schema (request elements and their children); a schema read from an XSD file finds the same
// and names what a differing schema lacks; bad schema files are refused clearly.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deviceDefaultsRequest, deviceDefaultsSql, hasGetDeviceDefaults } from '../../../drivers/cucm/axl/device-defaults.ts';
import { axlRequestsPfslabSends } from '../../../drivers/cucm/axl/request-catalog.ts';
import { checkRequest } from '../../../drivers/cucm/axl/schema/check.ts';
import { factRules, factsFromSchema } from '../../../drivers/cucm/axl/schema/fact-rules.ts';
import { checkAxlSchema, formatAxlSchemaReport } from '../../../drivers/cucm/axl/schema/schema-check.ts';
import { loadAxlSchema } from '../../../drivers/cucm/axl/schema/xsd-rules.ts';
import { FACTS_FILE, loadFacts, xsdFromFacts } from './support/facts-xsd.ts';

describe('AXL schema check', function () {
  const facts = loadFacts();
  const rules = factRules(facts, FACTS_FILE);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pfslab-axl-schema-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every request pfslab sends to an AXL 10.5 cluster fits the facts of the 10.5 schema', () => {
    const requests = axlRequestsPfslabSends('10.5');
    assert.deepEqual([...new Set(requests.map((r) => r.method))].sort(), Object.keys(facts.requests).sort(), 'the facts cover exactly the request elements pfslab uses');
    for (const r of requests) assert.deepEqual(checkRequest(rules, r), [], `${r.method} (${r.purpose})`);
  });

  it('AXL 10.5 has no Device Defaults method: 10.5 reads the defaults table by model and protocol, 12.5 asks getDeviceDefaults', () => {
    assert.equal(rules.request('getDeviceDefaults'), undefined);
    assert.equal(hasGetDeviceDefaults('10.5'), false);
    assert.equal(hasGetDeviceDefaults('11.5'), false);
    assert.equal(hasGetDeviceDefaults('12.5'), true);
    assert.equal(hasGetDeviceDefaults('14.0'), true);
    assert.equal(deviceDefaultsRequest('10.5', 'Cisco 7961', 'SIP').method, 'executeSQLQuery');
    assert.match(deviceDefaultsSql('Cisco 7961', 'SCCP'), /from defaults .*where tm\.name = 'Cisco 7961' and d\.tkdeviceprotocol = 0$/);
    assert.match(deviceDefaultsSql('Cisco 7961', 'SIP'), /d\.tkdeviceprotocol = 11$/);
    assert.match(deviceDefaultsSql("It's", 'SIP'), /tm\.name = 'It''s'/);
    assert.throws(() => deviceDefaultsSql('Cisco\u0000', 'SIP'), /will not put into SQL/);
    assert.deepEqual(checkRequest(rules, { ...deviceDefaultsRequest('12.5', 'Cisco 7961', 'SCCP'), purpose: 'x' }), ['getDeviceDefaults: no such request element in ' + FACTS_FILE]);
  });

  it('names what does not fit: an unknown child, a missing required child, an unanswered choice, children under a simple type', () => {
    const problems = (method: string, body: string): string[] => checkRequest(rules, { method, body, purpose: 'test' });
    assert.deepEqual(problems('updatePhone', '<name>SEP1</name><model>Cisco 7961</model>'), [
      'updatePhone: <model> is not allowed here (the schema allows name, uuid, vendorConfig, loadInformation)',
    ]);
    assert.deepEqual(problems('listPhone', '<searchCriteria><name>SEP%</name></searchCriteria>'), ['listPhone: required <returnedTags> is missing']);
    assert.deepEqual(problems('applyPhone', ''), ['applyPhone: one of <name>, <uuid> is required']);
    assert.deepEqual(problems('getPhone', '<name><first>SEP</first></name>'), ['getPhone/name: holds child elements but the schema gives it a simple type']);
    // vendorConfig is xsd:any: any product-specific element, nested or not, is allowed.
    assert.deepEqual(problems('updatePhone', '<name>SEP1</name><vendorConfig><a><b>1</b></a></vendorConfig>'), []);
  });

  it('reads an AXLSoap.xsd file: the same verdicts as the facts, and the facts taken from it again', async () => {
    await writeFile(path.join(dir, 'AXLSoap.xsd'), xsdFromFacts(facts));
    const schema = await loadAxlSchema(dir);
    assert.equal(schema.version, '10.5');
    for (const r of axlRequestsPfslabSends('10.5')) assert.deepEqual(checkRequest(schema, r), [], `${r.method} (${r.purpose})`);
    assert.deepEqual(factsFromSchema(schema, axlRequestsPfslabSends('10.5'), '10.5').requests, facts.requests);
  });

  it('pfslab cucm probe --axl-schema: 0 mismatches on a 10.5 schema; a schema that lacks a method, or another version, is named', async () => {
    await writeFile(path.join(dir, 'ok.xsd'), xsdFromFacts(facts));
    const good = await checkAxlSchema(path.join(dir, 'ok.xsd'), '10.5');
    assert.equal(good.checked, axlRequestsPfslabSends('10.5').length);
    assert.deepEqual(good.mismatches, []);
    assert.match(formatAxlSchemaReport(good).join('\n'), /every request pfslab sends fits this schema/);

    await writeFile(path.join(dir, 'lacking.xsd'), xsdFromFacts(facts, { drop: ['executeSQLQuery'] }));
    const bad = await checkAxlSchema(path.join(dir, 'lacking.xsd'), '10.5');
    assert.deepEqual(bad.mismatches.map((m) => `${m.method}: ${m.problem}`), [`executeSQLQuery: executeSQLQuery: no such request element in ${path.join(dir, 'lacking.xsd')}`]);
    assert.match(formatAxlSchemaReport(bad).join('\n'), /MISMATCH executeSQLQuery \(read a Device Defaults load \(AXL 10\.5\)\)/);

    // The lab says 12.5 but the schema is 10.5's: the namespace differs, and 10.5 lacks getDeviceDefaults.
    const other = await checkAxlSchema(path.join(dir, 'ok.xsd'), '12.5');
    assert.deepEqual(other.mismatches.map((m) => m.method), ['(namespace)', 'getDeviceDefaults']);
  });

  it('refuses a directory without AXLSoap.xsd and a file that is not XML, saying where the schema comes from', async () => {
    await assert.rejects(loadAxlSchema(path.join(dir, 'nowhere')), /no AXLSoap\.xsd there \(ENOENT\); download it from your CUCM: Application > Plugins > Cisco AXL Toolkit/);
    await writeFile(path.join(dir, 'broken.xsd'), '<xsd:schema><xsd:element name="x"');
    await assert.rejects(loadAxlSchema(path.join(dir, 'broken.xsd')), /broken\.xsd: not XML/);
    await writeFile(path.join(dir, 'other.xsd'), '<root/>');
    await assert.rejects(loadAxlSchema(path.join(dir, 'other.xsd')), /no <xsd:schema> root element/);
  });
});
