// A loads[] entry's baseline: the load phones are brought back to between upgrades. Both
// forms resolve like a target; a wrong family, the target's own id and a component name the
// target also has are refused at their line:col; the facts carry baseline files (scaled).

import assert from 'node:assert/strict';
import { factsFromLab } from '../../harness/lab/facts.ts';
import { loadLab } from '../../harness/lab/load.ts';
import { fixture, issuesOf } from './helpers.ts';

const BASE41 = ['jar41sccp.9-3-1ES11.sbn', 'cnu41.9-3-1ES11.sbn', 'apps41.9-3-1ES11.sbn', 'dsp41.9-3-1ES11.sbn', 'cvm41sccp.9-3-1ES11.sbn'];

describe('lab loads: baseline', () => {
  it('resolves a baseline in manifest form and inline; an entry without one has none', async () => {
    const lab = await loadLab(fixture('baseline-valid.yaml'));
    const [sccp41, sccp11, sccp45] = lab.loads;
    assert.equal(sccp41?.load.id, 'SCCP41.9-4-2SR2-2S');
    assert.equal(sccp41?.baseline?.id, 'SCCP41.9-3-1SR1-1S');
    assert.deepEqual(
      sccp41?.baseline?.files.map((f) => f.name),
      BASE41,
    );
    assert.equal(sccp41?.baseline?.files.find((f) => f.name === 'apps41.9-3-1ES11.sbn')?.size, 3094376);
    assert.deepEqual(sccp11?.baseline, {
      id: 'SCCP11.9-3-1SR1-1S',
      files: [
        { name: 'jar11sccp.9-3-1ES11.sbn', size: 1585943 },
        { name: 'apps11.9-3-1ES11.sbn', size: 3094380 },
      ],
    });
    assert.equal(sccp45?.baseline, undefined);
  });

  it('puts baseline files in the facts as the lab serves them (scaled), targets unchanged', async () => {
    const facts = factsFromLab(await loadLab(fixture('baseline-valid.yaml')));
    assert.equal(facts.inventory.get('CP-7961G')?.id, 'SCCP41.9-4-2SR2-2S');
    assert.equal(facts.inventory.get('CP-7961G')?.files.find((f) => f.name === 'apps41.9-4-2ES26.sbn')?.size, Math.round(3157527 / 16));
    const base = facts.baselineInventory?.get('CP-7961G');
    assert.equal(base?.id, 'SCCP41.9-3-1SR1-1S');
    assert.deepEqual(
      base?.files.map((f) => [f.name, f.size]),
      [
        ['jar41sccp.9-3-1ES11.sbn', Math.round(1597451 / 16)],
        ['cnu41.9-3-1ES11.sbn', Math.round(545696 / 16)],
        ['apps41.9-3-1ES11.sbn', Math.round(3094376 / 16)],
        ['dsp41.9-3-1ES11.sbn', Math.round(551439 / 16)],
        ['cvm41sccp.9-3-1ES11.sbn', Math.round(2175087 / 16)],
      ],
    );
    // Family prefix SCCP41 expands to every model of the family, for baselines too.
    assert.equal(facts.baselineInventory?.get('CP-7941G')?.id, 'SCCP41.9-3-1SR1-1S');
    assert.equal(facts.baselineInventory?.get('CP-7911G')?.id, 'SCCP11.9-3-1SR1-1S');
    assert.equal(facts.baselineInventory?.has('CP-7965G'), false);
  });

  it('a lab without any baseline has no baselineInventory', async () => {
    const facts = factsFromLab(await loadLab(fixture('valid-minimal.yaml')));
    assert.equal(facts.baselineInventory, undefined);
  });

  it('schema: each form complete, no foreign keys, no file twice, at their line:col', async () => {
    const f = fixture('baseline-shape-errors.yaml');
    assert.deepEqual(await issuesOf(f), [
      `${f}:12:15 loads[0].baseline.id: required (or give loadsFile and sizes)`,
      `${f}:17:7 loads[1].baseline.sizes: required with loadsFile: a .loads file names the components but not their sizes`,
      `${f}:18:14 loads[1].baseline.files: give either files (inline) or loadsFile, not both`,
      `${f}:24:7 loads[2].baseline.models: unknown key "models"; allowed here: id, files, loadsFile, sizes`,
      `${f}:27:19 loads[2].baseline.files[1].name: apps45.9-3-1ES11.sbn is listed twice`,
    ]);
  });

  it('cross-checks: family, the target id, shared component names, a broken manifest', async () => {
    const f = fixture('baseline-errors.yaml');
    assert.deepEqual(await issuesOf(f), [
      `${f}:13:11 loads[0].baseline.id: baseline SCCP45.9-3-1SR1-1S is a SCCP45 load; the target SCCP41.9-4-2SR2-2S is SCCP41: a phone runs only loads of its own family`,
      `${f}:19:11 loads[1].baseline.id: baseline SCCP11.9-4-2SR2-2S is the target load itself: give the load the phones are brought back to between upgrades`,
      `${f}:30:19 loads[2].baseline.files[1].name: apps45.9-4-2ES26.sbn is also a component of the target SCCP45.9-4-2SR2-2S: baseline and target components need different names`,
      `${f}:35:18 loads[3].baseline.loadsFile: baseline SCCP41.9-3-1SR1-1S is a SCCP41 load; the target SCCP42.9-4-2SR2-2S is SCCP42: a phone runs only loads of its own family`,
      `${f}:41:9 loads[3].baseline.sizes["cvm41sccp.9-3-1ES11.sbn"]: cvm41sccp.9-3-1ES11.sbn is also a component of the target SCCP42.9-4-2SR2-2S: baseline and target components need different names`,
      `${f}:46:18 loads[4].baseline.loadsFile: loads/garbled.loads: offset 0xE9 (233): unexpected byte 0x00 in a pfslab manifest line`,
    ]);
  });
});
