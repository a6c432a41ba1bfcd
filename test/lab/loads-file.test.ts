import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildLoadsFile, LoadsFileError, parseLoadsFile, readLoadsFile } from '../../harness/formats/loads-file.ts';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';

const SAMPLE = join(PFSLAB_ROOT, 'labs', 'loads', 'SCCP41.9-4-2SR2-2S.loads');
const SCCP41 = ['jar41sccp.9-4-2ES26.sbn', 'cnu41.9-4-2ES26.sbn', 'apps41.9-4-2ES26.sbn', 'dsp41.9-4-2ES26.sbn', 'cvm41sccp.9-4-2ES26.sbn'];

/** The header layout of Cisco's signed files (certutils sgnfile), with a body of our choosing. */
function signedFile(fields: Buffer[], body: Buffer): Buffer {
  let content = Buffer.concat(fields);
  const pad = (4 - ((10 + content.length) % 4)) % 4;
  content = Buffer.concat([content, Buffer.alloc(pad, 13)]);
  const start = Buffer.from([1, 0, 2, 1, 0, 2, 0, 2, 0, 0]);
  start.writeUInt16BE(10 + content.length, 8);
  return Buffer.concat([start, content, body]);
}

function tlv(tag: number, value: Buffer): Buffer {
  const head = Buffer.from([tag, 0, 0]);
  head.writeUInt16BE(value.length, 1);
  return Buffer.concat([head, value]);
}

function expectError(bytes: Uint8Array, offset: number, detail: RegExp): void {
  assert.throws(
    () => parseLoadsFile(bytes, 'x.loads'),
    (e: unknown) => {
      assert.ok(e instanceof LoadsFileError, String(e));
      assert.equal(e.file, 'x.loads');
      assert.equal(e.offset, offset, e.message);
      assert.match(e.detail, detail);
      assert.ok(e.message.startsWith(`x.loads: offset 0x${offset.toString(16).toUpperCase()} (${offset}): `), e.message);
      return true;
    },
  );
}

describe('.loads reader', () => {
  it('reads the virtual lab sample: header, load id, components in order', async () => {
    const m = await readLoadsFile(SAMPLE);
    assert.equal(m.loadId, 'SCCP41.9-4-2SR2-2S');
    assert.equal(m.loadIdFrom, 'body');
    assert.equal(m.bodyFormat, 'pfslab');
    assert.deepEqual(m.components, SCCP41);
    assert.equal(m.header?.fileName, 'SCCP41.9-4-2SR2-2S.loads');
    assert.equal(m.header?.signatureLength, 0);
    assert.equal(m.header?.length, 76);
  });

  it('the sample is exactly what buildLoadsFile writes (so it can be regenerated)', async () => {
    const built = buildLoadsFile({ id: 'SCCP41.9-4-2SR2-2S', components: SCCP41 });
    assert.ok(built.equals(await readFile(SAMPLE)));
  });

  it('a Cisco-style file: signed header, unknown binary body, names scanned in order', () => {
    const body = Buffer.concat([
      Buffer.from([0, 0, 0, 5]),
      Buffer.from('jar41sccp.9-4-2ES26.sbn\0', 'latin1'),
      Buffer.from([0x7f, 0x12]),
      Buffer.from('cnu41.9-4-2ES26.sbn\0apps41.9-4-2ES26.sbn\0', 'latin1'),
    ]);
    const bytes = signedFile(
      [
        tlv(3, Buffer.alloc(0)),
        tlv(4, Buffer.from('CN=someone\0')),
        tlv(5, Buffer.from([1, 2, 3])),
        tlv(7, Buffer.alloc(0)),
        tlv(8, Buffer.from([1])),
        tlv(12, Buffer.alloc(128, 0xaa)),
        tlv(14, Buffer.from('SCCP41.9-4-2SR2-2S.loads\0')),
        tlv(15, Buffer.from([0x4b, 0, 0, 0])),
      ],
      body,
    );
    const m = parseLoadsFile(bytes, 'term41.default.loads');
    assert.equal(m.bodyFormat, 'scanned');
    assert.deepEqual(m.components, ['jar41sccp.9-4-2ES26.sbn', 'cnu41.9-4-2ES26.sbn', 'apps41.9-4-2ES26.sbn']);
    // term41.default.loads is not a load id: the id comes from the header's file name.
    assert.equal(m.loadId, 'SCCP41.9-4-2SR2-2S');
    assert.equal(m.loadIdFrom, 'header');
    assert.equal(m.header?.signatureLength, 128);
    assert.equal(m.header?.signerName, 'CN=someone');
  });

  it('an unsigned text file (signature cut off) is read too', () => {
    const m = parseLoadsFile(Buffer.from('SCCP11.9-4-2SR2-2S\ncnu11.9-4-2ES26.sbn\napps11.9-4-2ES26.sbn\n'), 'x.loads');
    assert.equal(m.header, undefined);
    assert.equal(m.loadId, 'SCCP11.9-4-2SR2-2S');
    assert.deepEqual(m.components, ['cnu11.9-4-2ES26.sbn', 'apps11.9-4-2ES26.sbn']);
  });

  describe('garbled input: an error naming the file and the offset', () => {
    it('empty file', () => expectError(Buffer.alloc(0), 0, /empty file/));

    it('binary that is neither header nor text', () => expectError(Buffer.from([0, 1, 2, 3]), 0, /neither the signed-file header/));

    it('truncated inside the header', async () => {
      const sample = await readFile(SAMPLE);
      expectError(sample.subarray(0, 40), 8, /header length 76 runs past the end of the file \(40 bytes\)/);
    });

    it('a header field longer than the header', async () => {
      const sample = Buffer.from(await readFile(SAMPLE));
      sample.writeUInt16BE(0x4000, 11); // SIGNER_NAME at offset 10 now claims 16 KiB
      expectError(sample, 10, /tag 4 claims 16384 bytes, past the header end at 76/);
    });

    it('a damaged byte in a pfslab manifest line', async () => {
      const sample = Buffer.from(await readFile(SAMPLE));
      const at = sample.indexOf('apps41');
      sample[at + 3] = 0x01;
      expectError(sample, at + 3, /unexpected byte 0x01/);
    });

    it('a body that names no component', () => {
      const bytes = signedFile([tlv(14, Buffer.from('SCCP41.9-4-2SR2-2S.loads\0'))], Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x20, 0x41]));
      expectError(bytes, bytes.length - 6, /no component file names/);
    });

    it('no way to tell the load id', () => {
      expectError(Buffer.from('cnu11.9-4-2ES26.sbn\n'), 0, /cannot tell the load id/);
    });

    it('a file that cannot be read', async () => {
      await assert.rejects(readLoadsFile('/nonexistent/x.loads'), /\/nonexistent\/x.loads: cannot read the .loads file \(ENOENT\)/);
    });
  });
});
