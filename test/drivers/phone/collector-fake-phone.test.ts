// ConsoleLogCollector against a scripted web server (offline) for what the virtual phone
// does not do: a firmware that reuses a file name (rotation in place, seen as a shrink), a
// half-written last line, and logs restarted from log0.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsoleLogFileRef, PhoneWeb } from '../../../drivers/phone/index.ts';
import { ConsoleLogCollector } from '../../../drivers/phone/index.ts';

class ScriptedPhone {
  readonly target = { name: 'SEP00000000FA4E', ip: '192.0.2.1' };
  files = new Map<string, string>();
  consoleLogFiles(): Promise<ConsoleLogFileRef[]> {
    return Promise.resolve(
      [...this.files.keys()].map((name) => ({ path: `/FS/cache/${name}`, name, index: Number(/\d+/.exec(name)?.[0]) })).sort((a, b) => a.index - b.index),
    );
  }
  consoleLogFile(path: string): Promise<string> {
    return Promise.resolve(this.files.get(path.slice('/FS/cache/'.length)) ?? '');
  }
}

describe('drivers/phone ConsoleLogCollector (scripted phone)', function () {
  let dir: string;
  before(async function () {
    dir = await mkdtemp(join(tmpdir(), 'pfslab-collector-fake-'));
  });
  after(async function () {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('takes a half-written line only once it is complete, and a rotated file whole', async function () {
    const p = new ScriptedPhone();
    const c = new ConsoleLogCollector(p as unknown as PhoneWeb, { dir: join(dir, 'partial') });
    p.files.set('log0.log', 'A\nB');
    await c.poll();
    assert.equal(await readFile(c.file, 'latin1'), 'A\n');
    p.files.set('log0.log', 'A\nB2\nC');
    p.files.set('log1.log', 'D\n');
    await c.poll();
    assert.equal(await readFile(c.file, 'latin1'), 'A\nB2\nC\nD\n');
  });

  it('sees a file that shrank under the same name as rotated in place, and says lines may be missing', async function () {
    const p = new ScriptedPhone();
    const c = new ConsoleLogCollector(p as unknown as PhoneWeb, { dir: join(dir, 'shrink') });
    p.files.set('log0.log', 'one\ntwo\nthree\n');
    await c.poll();
    p.files.set('log0.log', 'four\n');
    await c.poll();
    assert.equal(await readFile(c.file, 'latin1'), 'one\ntwo\nthree\nfour\n');
    assert.equal(c.stats.rotations, 1);
    assert.match(c.stats.gaps[0]?.detail ?? '', /log0\.log shrank from 14 to 5 bytes/);
  });

  it('starts again from the oldest file when the phone restarted its numbering', async function () {
    const p = new ScriptedPhone();
    const c = new ConsoleLogCollector(p as unknown as PhoneWeb, { dir: join(dir, 'restart') });
    p.files.set('log5.log', 'old\n');
    await c.poll();
    p.files = new Map([['log0.log', 'new\n']]);
    await c.poll();
    assert.equal(await readFile(c.file, 'latin1'), 'old\nnew\n');
    assert.match(c.stats.gaps[0]?.detail ?? '', /restarted its log files/);
  });
});
