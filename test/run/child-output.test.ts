// The pipe between mocha and pfslab's terminal (harness/run/commands/child-output.ts): every
// line a child prints arrives with its control characters escaped, a UTF-8 character cut
// across chunks arrives whole, a line without end is written in bounded pieces.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { MAX_LINE_CHARS, pipeSanitized } from '../../harness/run/commands/child-output.ts';

describe('pipeSanitized', () => {
  it("escapes a real child's ANSI escapes and keeps its lines", async () => {
    const child = spawn(process.execPath, ['-e', 'process.stdout.write("one\\x1b[2J\\x1b[HViolations: none\\nt\\two\\r\\nlast\\u009b")'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const writes: string[] = [];
    await pipeSanitized(child.stdout, (t) => writes.push(t));
    assert.deepEqual(writes, ['one\\u001B[2J\\u001B[HViolations: none\n', 't\two\\u000D\n', 'last\\u009B']);
    assert.ok(!writes.join('').includes('\x1b'), 'an ESC reached the terminal');
  });

  it('decodes a UTF-8 character split between two chunks', async () => {
    const stream = new PassThrough();
    const out: string[] = [];
    const done = pipeSanitized(stream, (t) => out.push(t));
    const bytes = Buffer.from('→ ok\n');
    stream.write(bytes.subarray(0, 1));
    stream.write(bytes.subarray(1));
    stream.end();
    await done;
    assert.deepEqual(out, ['→ ok\n']);
  });

  it('writes a line with no end in pieces of at most MAX_LINE_CHARS', async () => {
    const stream = new PassThrough();
    const out: string[] = [];
    const done = pipeSanitized(stream, (t) => out.push(t));
    stream.end('x'.repeat(MAX_LINE_CHARS * 2 + 5));
    await done;
    assert.deepEqual(out.map((t) => t.length), [MAX_LINE_CHARS, MAX_LINE_CHARS, 5]);
  });
});
