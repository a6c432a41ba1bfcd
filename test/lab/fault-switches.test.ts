// The one table of fault switches: the lab schema, the twin's devices and the fault matrix
// all read it, so it must be whole (every fault on one device, every claim a real suite)
// and what is derived from it must agree with it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CUCM_FAULT_IDS, EVIDENCE_CLAIM, FAULT_IDS, FAULT_SWITCHES, isCucmFault, isEvidenceFault, isFaultId, isNetworkFault, isPhoneFault, PHONE_FAULT_IDS, phoneFaultsOf } from '../../harness/lab/fault-switches.ts';
import { parseLab } from '../../harness/lab/index.ts';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';
import { MODEL_NAMES } from '../../harness/formats/phone-models.ts';
import { EVIDENCE_FAULT_SUITES, FAULT_CLAIMS } from '../matrix/fault-claims.ts';

const VIRTUAL_YAML = path.join(PFSLAB_ROOT, 'labs/virtual.yaml');
/** labs/virtual.yaml with these faults armed. */
function withFaults(faults: string): string {
  const text = readFileSync(VIRTUAL_YAML, 'utf8');
  const armed = text.replace(/^faults: \[\]$/m, `faults: ${faults}`);
  assert.notEqual(armed, text, 'labs/virtual.yaml must end with "faults: []"');
  return armed;
}

describe('fault switches: one table', () => {
  it('puts every fault on exactly one device of the twin', () => {
    for (const id of FAULT_IDS) {
      const sides = [isPhoneFault(id), isCucmFault(id), isNetworkFault(id)].filter(Boolean);
      assert.equal(sides.length, 1, `${id}: on ${sides.length} devices`);
    }
    assert.deepEqual([...PHONE_FAULT_IDS, ...CUCM_FAULT_IDS].sort(), FAULT_IDS.filter((id) => !isNetworkFault(id)).sort());
  });

  it('knows only its own ids (no prototype keys, no near misses)', () => {
    for (const id of ['toString', '__proto__', 'constructor', 'cscso40251', 'blind-capture ', '']) assert.equal(isFaultId(id), false, id);
    assert.equal(isPhoneFault('CSCso40251'), false);
    assert.equal(isCucmFault('corrupt-hop'), false);
  });

  it('claims every fault by a suite file that exists, or by the evidence guard', () => {
    for (const id of FAULT_IDS) {
      const claim = FAULT_SWITCHES[id].caughtBy;
      if (claim === EVIDENCE_CLAIM) continue;
      assert.ok(existsSync(path.join(PFSLAB_ROOT, claim)), `${id}: ${claim} does not exist`);
    }
    assert.deepEqual([...FAULT_CLAIMS.keys(), ...EVIDENCE_FAULT_SUITES.keys()].sort(), [...FAULT_IDS].sort());
    assert.deepEqual([...EVIDENCE_FAULT_SUITES.keys()], FAULT_IDS.filter(isEvidenceFault));
    assert.equal(FAULT_CLAIMS.get('corrupt-hop'), 'suites/hierarchy-formation.spec.ts');
  });

  it('names only models pfslab knows as the ones a CUCM defect was reported for', () => {
    for (const id of FAULT_IDS) {
      for (const m of FAULT_SWITCHES[id].reportedFor ?? []) assert.ok(MODEL_NAMES.includes(m), `${id}: ${m}`);
      if (FAULT_SWITCHES[id].reportedFor !== undefined) assert.ok(isCucmFault(id), `${id}: reportedFor is read on the CUCM side only`);
    }
  });

  it('is the lab schema\'s enum: every id loads, any other is refused', async () => {
    for (const id of FAULT_IDS) {
      const lab = await parseLab(withFaults(`[{ id: ${id} }]`), VIRTUAL_YAML);
      assert.deepEqual(lab.spec.faults.map((f) => f.id), [id]);
    }
    await assert.rejects(parseLab(withFaults('[{ id: corrupt-hops }]'), VIRTUAL_YAML), /faults\[0\]\.id: expected one of/);
  });

  it('arms a phone-side fault on the phones and models it names only', () => {
    const faults = [
      { id: 'third-child', phones: ['sep0250f5a10002'] },
      { id: 'corrupt-hop', models: ['CP-7965G'] },
      { id: 'CSCud66570' },
      { id: 'CSCsh20977' },
      { id: 'blind-capture' },
    ];
    assert.deepEqual(phoneFaultsOf(faults, { name: 'SEP0250F5A10002', model: 'CP-7961G' }), ['third-child', 'CSCud66570']);
    assert.deepEqual(phoneFaultsOf(faults, { name: 'SEP0250F5A10003', model: 'CP-7965G' }), ['corrupt-hop', 'CSCud66570']);
  });
});
