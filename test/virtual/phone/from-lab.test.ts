// The lab description's phones as virtual phone specs: addresses, subnet, console dialog
// turned around for the phone's side, and the phone-side faults armed for each phone.
import assert from 'node:assert/strict';
import { loadLab } from '../../../harness/lab/index.ts';
import { faultsForPhone, phoneSpecsFromLab, promptText } from '../../../labs/virtual/phone/from-lab.ts';

describe('virtual phone specs from the lab description', () => {
  it('maps labs/virtual.yaml phones, with the console dialog the harness expects', async () => {
    const specs = await phoneSpecsFromLab(await loadLab('labs/virtual.yaml'));
    const first = specs.find((s) => s.name === 'SEP0250F5A10001');
    assert.ok(first);
    assert.equal(first.cidr, '10.20.1.0/24');
    assert.equal(first.tftpServer, '10.10.0.11');
    assert.equal(first.initialLoad, 'SCCP41.9-3-1SR1-1S');
    assert.deepEqual(first.ssh?.login, [
      { prompt: 'login: ', answer: 'default', secret: false },
      { prompt: 'password: ', answer: 'pfslab-phone-console', secret: true },
    ]);
    assert.equal(first.ssh?.prompt, '$ ');
    assert.equal(specs.find((s) => s.model === 'CP-7965G')?.initialLoad, 'SCCP45.9-3-1SR1-1S');
  });

  it('arms a fault for the phones and models it names, phone-side faults only', () => {
    const faults = [
      { id: 'parent-power-loss' as const, models: ['CP-7961G'] },
      { id: 'CSCui49910' as const, phones: ['SEP0250F5A10002'] },
      { id: 'CSCso40251' as const },
    ];
    assert.deepEqual(faultsForPhone(faults, { name: 'SEP0250F5A10002', model: 'CP-7961G' }), ['parent-power-loss', 'CSCui49910']);
    assert.deepEqual(faultsForPhone(faults, { name: 'SEP0250F5A10003', model: 'CP-7941G' }), []);
  });

  it('reads a prompt regex as the literal text it matches', () => {
    assert.equal(promptText('\\$ $'), '$ ');
    assert.equal(promptText('^login:'), 'login:');
  });
});
