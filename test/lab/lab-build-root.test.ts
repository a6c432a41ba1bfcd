// The virtual lab's processes from a build while the tests run from source (PFSLAB_LAB_BUILD,
// set by test/run-streams.ts): plain node with source maps and the compiled entry file when
// the variable names a build that has it; a clear error naming the variable and the missing
// file when it does not; tsx and the .ts source when it is unset.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { labNodeArgs } from '../../harness/lab/child-node.ts';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';

describe('lab processes from the tests\' build (PFSLAB_LAB_BUILD)', function () {
  const before = process.env.PFSLAB_LAB_BUILD;
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pfslab-lab-build-'));
  });
  afterEach(async () => {
    if (before === undefined) delete process.env.PFSLAB_LAB_BUILD;
    else process.env.PFSLAB_LAB_BUILD = before;
    await rm(dir, { recursive: true, force: true });
  });

  it('unset: the .ts source under tsx', () => {
    delete process.env.PFSLAB_LAB_BUILD;
    const args = labNodeArgs('labs/virtual/phone/phone-main.ts', ['--power', 'off']);
    assert.equal(args[0], '--import');
    assert.match(args[1] ?? '', /tsx[/\\].*loader\.mjs$/);
    assert.deepEqual(args.slice(2), [path.join(PFSLAB_ROOT, 'labs/virtual/phone/phone-main.ts'), '--power', 'off']);
  });

  it('naming a build that has the entry: plain node with source maps, the compiled file', async () => {
    const entry = path.join(dir, 'labs/virtual/phone/phone-main.js');
    await mkdir(path.dirname(entry), { recursive: true });
    await writeFile(entry, '');
    process.env.PFSLAB_LAB_BUILD = dir;
    assert.deepEqual(labNodeArgs('labs/virtual/phone/phone-main.ts', ['--power', 'off']), ['--enable-source-maps', entry, '--power', 'off']);
  });

  it('naming a folder without it: an error that names the variable, the folder and the file', () => {
    process.env.PFSLAB_LAB_BUILD = dir;
    assert.throws(
      () => labNodeArgs('labs/virtual/lab/controller-main.ts'),
      (e: Error) => e.message.includes(`PFSLAB_LAB_BUILD names ${dir}`) && e.message.includes('labs/virtual/lab/controller-main.js') && /compile into it first/.test(e.message),
    );
  });
});
