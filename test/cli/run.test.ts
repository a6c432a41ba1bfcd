// `pfslab run`, the README's main command: until the virtual lab and suites exist it runs
// what does exist, says plainly what does not, and never passes for a run that tested nothing.
import assert from 'node:assert/strict';
import { readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli, tempDirPerSuite } from './run-cli.ts';

describe('pfslab run', function () {
  this.timeout(60_000);
  const tmp = tempDirPerSuite('pfslab-run-');

  it('validates the default lab, lists what is not built, and exits 3 when nothing was tested', async () => {
    const out = path.join(tmp(), 'out');
    const r = await runCli(['run', '--out', out]);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stdout, /labs\/virtual\.yaml: OK/);
    assert.match(r.stdout, /nothing was tested against the lab/);
    assert.match(r.stdout, /Not built yet/);
    const latest = path.join(tmp(), 'latest');
    const summary = await readFile(path.join(latest, 'summary.txt'), 'utf8');
    assert.match(summary, /Not built yet/);
    assert.match(await readlink(latest), /^out\//);
  });

  it('stops with exit 2 on a broken lab and names the line', async () => {
    const lab = path.join(tmp(), 'broken.yaml');
    await writeFile(lab, 'name: broken\nkind: virtual\nphones:\n  - name: SEP12\n');
    const r = await runCli(['run', '--lab', lab, '--out', path.join(tmp(), 'out2')]);
    assert.equal(r.status, 2);
    assert.match(r.stdout + r.stderr, /broken\.yaml:4:\d+ phones\[0\]/);
  });
});
