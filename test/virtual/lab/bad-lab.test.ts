// A lab description the virtual lab cannot build fails before anything is created: no
// namespace, no state file, and the message names the file, the line and the reason.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runLabUp } from '../../../harness/run/commands/lab-up.ts';
import { captureIo, FIXTURE, namespacesWithPrefix, PREFIX, ROOT_NEEDED, tempDir, TRANSFER_CIDR } from './support/lab-run.ts';

const base = readFileSync(FIXTURE, 'utf8');

const CASES: { title: string; edit(text: string): string; line: RegExp; reason: RegExp }[] = [
  {
    title: 'more phones than addresses',
    // Two phones in a /30 whose first host address is the router's.
    edit: (t) =>
      t
        .replace('{ name: branch, cidr: 10.251.1.0/24 }', '{ name: branch, cidr: 10.251.1.20/30 }')
        .replace('host: 10.251.1.2', 'host: 10.251.0.2')
        .replace('ip: 10.251.1.23\n    subnet: branch', 'ip: 10.251.0.23\n    subnet: hq'),
    line: /bad\.yaml:\d+:\d+ subnets\[1\]\.cidr/,
    reason: /device addresses in subnet branch .* but it has only/,
  },
  {
    title: 'a port mapped twice',
    edit: (t) => t.replace('port: { switch: poe, group: 1, port: 2 }', 'port: { switch: poe, group: 1, port: 1 }'),
    line: /bad\.yaml:\d+:\d+ phones\[1\]\.port/,
    reason: /already powers phones\[0\]/,
  },
  {
    title: 'an unknown fault switch',
    edit: (t) => t.replace('faults: []', 'faults: [{ id: CSCzz99999 }]'),
    line: /bad\.yaml:\d+:\d+ faults\[0\]\.id/,
    reason: /CSCzz99999|expected one of|Invalid/i,
  },
  {
    title: 'a CUCM fault scoped to one phone (the virtual CUCM scopes faults by model)',
    edit: (t) => t.replace('faults: []', 'faults: [{ id: CSCso40251, phones: [SEP0250F5C30001] }]'),
    line: /bad\.yaml:\d+:\d+ faults\[0\]\.phones/,
    reason: /CUCM fault: it applies per model/,
  },
  {
    title: 'a secret reference that cannot be resolved',
    edit: (t) => t.replace('password: virtual:lab-test-cucm', 'password: env:PFSLAB_LAB_TEST_NEVER_SET'),
    line: /bad\.yaml:\d+:\d+ cucm\.password/,
    reason: /PFSLAB_LAB_TEST_NEVER_SET is not set/,
  },
];

describe('pfslab lab up: a lab the virtual lab cannot build', function () {
  let dir: string;
  before(function () {
    assert.equal(process.getuid?.(), 0, ROOT_NEEDED);
    dir = tempDir();
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`refuses ${c.title} before creating anything`, async function () {
      const file = path.join(dir, 'bad.yaml');
      writeFileSync(file, c.edit(base));
      const state = path.join(dir, 'state.json');
      const out = captureIo();
      const code = await runLabUp({ lab: file, prefix: PREFIX, transferCidr: TRANSFER_CIDR, state }, out.io);
      assert.equal(code, 2, out.text());
      assert.match(out.text(), c.line);
      assert.match(out.text(), c.reason);
      assert.equal(existsSync(state), false, 'no state file');
      assert.deepEqual(await namespacesWithPrefix(PREFIX), []);
    });
  }
});
