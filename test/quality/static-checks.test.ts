// The type checker and the linter are part of the tests: a type error or a lint finding
// fails CI like any other broken behaviour.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function run(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('static checks', function () {
  this.timeout(300_000);

  it('type-checks with tsc --noEmit (strict)', function () {
    const r = run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    assert.equal(r.status, 0, `tsc found errors:\n${r.output}`);
  });

  it('lints clean with eslint + typescript-eslint', function () {
    const r = run('npx', ['eslint', '--max-warnings', '0', '.']);
    assert.equal(r.status, 0, `eslint found problems:\n${r.output}`);
  });
});
