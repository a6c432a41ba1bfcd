// readConsoleLog: files on disk, and the error a caller gets for a path it cannot read.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConsoleLog, readConsoleLog } from '../../harness/evidence/console/index.ts';

describe('console readConsoleLog', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pfslab-console-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file it cannot read', async () => {
    const missing = path.join(dir, 'no-such-log.log');
    await assert.rejects(readConsoleLog(missing), (err: Error) => err.message.includes(missing));
  });

  it('names a directory given as a file', async () => {
    await assert.rejects(readConsoleLog(dir), (err: Error) => err.message.includes(dir));
  });

  it('decodes UTF-8, drops a BOM, and marks non-UTF-8 bytes unreadable', async () => {
    const file = path.join(dir, 'bytes.log');
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('NOT 01:02:03.000004 DLoad: hello\r\n'),
      Buffer.from([0xff, 0xfe, 0x41, 0x0a]),
      Buffer.from('DBG 01:02:03.000005 DLoad: bye\n'),
    ]);
    await writeFile(file, bytes);
    const parsed = await readConsoleLog(file);
    assert.equal(parsed.source, file);
    assert.deepEqual(
      parsed.records.map((r) => [r.line, r.text]),
      [
        [1, 'hello'],
        [3, 'bye'],
      ],
    );
    assert.deepEqual(parsed.unreadable, { count: 1, lines: [2] });
  });

  it('gives the same as parseConsoleLog on the decoded text', async () => {
    const file = path.join(dir, 'same.log');
    const text = 'INF 00:00:01.000000 DLoad: a\nwrapped\nNOT 00:00:02.000000 DLoad: b';
    await writeFile(file, text);
    assert.deepEqual(await readConsoleLog(file), parseConsoleLog(text, file));
  });
});
