import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { factsFromLab } from '../../harness/lab/facts.ts';
import { loadLab } from '../../harness/lab/load.ts';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';
import { resolveSecret, SecretRegistry } from '../../harness/lab/secrets.ts';
import { validateLabCommand } from '../../harness/lab/validate-command.ts';

const VIRTUAL = join(PFSLAB_ROOT, 'labs', 'virtual.yaml');
const TEMPLATE = join(PFSLAB_ROOT, 'labs', 'branch-example.yaml');

describe('lab files', () => {
  it('virtual.yaml validates', async () => {
    const result = await validateLabCommand(VIRTUAL);
    assert.equal(result.exitCode, 0, result.output);
    assert.match(result.output, /: OK, virtual lab virtual \(18 phones, 3 subnets, 1 switch, 3 loads, 3 captures, 0 faults\)/);
  });

  it('branch-example.yaml validates and lists the secrets a real run needs', async () => {
    const result = await validateLabCommand(TEMPLATE);
    assert.equal(result.exitCode, 0, result.output);
    assert.match(result.output, /OK, real lab branch-example/);
    assert.match(result.output, /secrets needed at run time: env:PFSLAB_CUCM_PASSWORD, .*env:PFSLAB_PHONE_CONSOLE_PASSWORD, file:\/home\/ci\//);
  });

  it('both files point editors at the JSON schema on their first line', async () => {
    for (const file of [VIRTUAL, TEMPLATE]) {
      const first = (await readFile(file, 'utf8')).split('\n')[0];
      assert.equal(first, '# yaml-language-server: $schema=./lab.schema.json', file);
    }
  });

  it('the virtual lab runs without any exported secret', async () => {
    const lab = await loadLab(VIRTUAL);
    assert.ok(lab.secrets.length >= 5);
    const registry = new SecretRegistry();
    for (const s of lab.secrets) {
      assert.equal(s.ref.scheme, 'virtual', s.path.join('.'));
      await resolveSecret(s.ref, { env: {}, kind: 'virtual', registry });
    }
    assert.equal(registry.redact('community pfslab-rw'), 'community [REDACTED virtual:pfslab-rw]');
  });

  it('facts: phones, subnets, and the inventory at the size the virtual lab serves', async () => {
    const facts = factsFromLab(await loadLab(VIRTUAL));
    assert.equal(facts.phones.length, 18);
    assert.deepEqual(facts.phones[0], { name: 'SEP0250F5A10001', mac: '0250F5A10001', model: 'CP-7961G', ip: '10.20.1.21', subnet: 'branch-a' });
    assert.deepEqual(facts.subnets.map((s) => s.name), ['hq', 'branch-a', 'branch-b']);
    const sccp41 = facts.inventory.get('CP-7961G');
    assert.equal(sccp41?.id, 'SCCP41.9-4-2SR2-2S');
    // 7941 and 7961 share one load; sizes are 1/16 of the real ones (3157527 / 16 = 197345.4).
    assert.equal(facts.inventory.get('CP-7941G'), sccp41);
    assert.deepEqual(sccp41?.files.map((f) => f.name), [
      'jar41sccp.9-4-2ES26.sbn',
      'cnu41.9-4-2ES26.sbn',
      'apps41.9-4-2ES26.sbn',
      'dsp41.9-4-2ES26.sbn',
      'cvm41sccp.9-4-2ES26.sbn',
    ]);
    assert.equal(sccp41?.files.find((f) => f.name.startsWith('apps'))?.size, 197345);
    assert.equal(facts.inventory.get('CP-7965G')?.id, 'SCCP45.9-4-2SR2-2S');
    assert.equal(facts.inventory.get('CP-7911G')?.id, 'SCCP11.9-4-2SR2-2S');
  });

  it('facts of a real lab keep the real sizes', async () => {
    const facts = factsFromLab(await loadLab(TEMPLATE));
    assert.equal(facts.inventory.get('CP-7961G')?.files.find((f) => f.name.startsWith('apps'))?.size, 3157527);
  });
});
