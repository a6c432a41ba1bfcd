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
    // Counts from the lab itself: the default lab grows as suites need more phones.
    const { spec } = await loadLab(VIRTUAL);
    const summary = `: OK, virtual lab virtual (${spec.phones.length} phones, 3 subnets, 1 switch, ${spec.loads.length} loads, 3 captures, 0 faults)`;
    assert.ok(result.output.includes(summary), `${result.output} lacks ${summary}`);
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
    // The redaction mark names the reference, never the value it hides (not even a virtual: one).
    assert.equal(registry.redact('community pfslab-rw'), 'community [REDACTED virtual:(value not shown)]');
  });

  it('facts: phones, subnets, and the inventory at the size the virtual lab serves', async () => {
    const lab = await loadLab(VIRTUAL);
    const facts = factsFromLab(lab);
    assert.equal(facts.phones.length, lab.spec.phones.length);
    assert.deepEqual(facts.phones[0], { name: 'SEP0250F5A10001', mac: '0250F5A10001', model: 'CP-7961G', ip: '10.20.1.21', subnet: 'branch-a' });
    assert.deepEqual(facts.subnets.map((s) => s.name), ['hq', 'branch-a', 'branch-b']);
    const sccp41 = facts.inventory.get('CP-7961G');
    assert.equal(sccp41?.id, 'SCCP41.9-4-2SR2-2S');
    // 7941 and 7961 share one load; sizes are 1/32 of the real ones (3157527 / 32 = 98672.7).
    assert.equal(facts.inventory.get('CP-7941G'), sccp41);
    assert.deepEqual(sccp41?.files.map((f) => f.name), [
      'jar41sccp.9-4-2ES26.sbn',
      'cnu41.9-4-2ES26.sbn',
      'apps41.9-4-2ES26.sbn',
      'dsp41.9-4-2ES26.sbn',
      'cvm41sccp.9-4-2ES26.sbn',
    ]);
    assert.equal(sccp41?.files.find((f) => f.name.startsWith('apps'))?.size, 98673);
    assert.equal(facts.inventory.get('CP-7965G')?.id, 'SCCP45.9-4-2SR2-2S');
    assert.equal(facts.inventory.get('CP-7911G')?.id, 'SCCP11.9-4-2SR2-2S');
  });

  it('every phone of the virtual lab has a target and a baseline of its family, in the facts', async () => {
    const lab = await loadLab(VIRTUAL);
    const facts = factsFromLab(lab);
    // The bug suites' models are in the lab (CSCud66570, CSCtb49726, CSCso40251).
    for (const model of ['CP-7931G', 'CP-7962G', 'CP-7975G']) assert.ok(lab.spec.phones.some((p) => p.model === model), model);
    for (const phone of lab.spec.phones) {
      const target = facts.inventory.get(phone.model);
      const baseline = facts.baselineInventory?.get(phone.model);
      assert.ok(target && baseline, `${phone.model}: target and baseline`);
      assert.equal(baseline.id.split('.')[0], target.id.split('.')[0], phone.model);
      assert.match(baseline.id, /\.9-3-1/, phone.model);
      assert.ok(!baseline.files.some((f) => target.files.some((t) => t.name === f.name)), `${phone.model}: baseline files named apart`);
    }
    // Scaled like the targets: 3094376 / 32 = 96699.25.
    assert.equal(facts.baselineInventory?.get('CP-7961G')?.files.find((f) => f.name === 'apps41.9-3-1ES11.sbn')?.size, 96699);
  });

  it('facts of a real lab keep the real sizes', async () => {
    const facts = factsFromLab(await loadLab(TEMPLATE));
    assert.equal(facts.inventory.get('CP-7961G')?.files.find((f) => f.name.startsWith('apps'))?.size, 3157527);
  });
});
