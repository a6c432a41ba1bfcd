// The virtual lab's .loads manifests: written here, read back by the harness's .loads
// reader (harness/formats/loads-file.ts) unchanged, and with size and checksum per component.
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { parseLoadsFile } from '../../../harness/formats/loads-file.ts';
import { buildVirtualLabManifest, readVirtualLabManifest } from '../../../labs/virtual/tftp/loads-manifest.ts';
import { defaultManifestName, publishLoads } from '../../../labs/virtual/tftp/publish-loads.ts';
import { FirmwareStore } from '../../../labs/virtual/tftp/stores/firmware-store.ts';
import { MemoryStore } from '../../../labs/virtual/tftp/stores/memory-store.ts';

const SCCP41 = {
  id: 'SCCP41.9-4-2SR2-2S',
  files: [
    { name: 'jar41sccp.9-4-2ES26.sbn', size: 1_630_052 },
    { name: 'cnu41.9-4-2ES26.sbn', size: 556_833 },
    { name: 'apps41.9-4-2ES26.sbn', size: 3_157_527 },
    { name: 'dsp41.9-4-2ES26.sbn', size: 562_693 },
    { name: 'cvm41sccp.9-4-2ES26.sbn', size: 2_219_477 },
  ],
};
const sha = (c: string) => c.repeat(64);
const crc = (c: string) => c.repeat(8);

describe('virtual-lab .loads manifests', () => {
  const files = SCCP41.files.map((f, i) => ({ ...f, sha256: sha('0123456789abcdef'[i] ?? 'f'), crc32: crc('fedcba9876543210'[i] ?? '0') }));
  const bytes = buildVirtualLabManifest(SCCP41.id, files);

  it('are read by the harness .loads reader as pfslab manifests, components in fetch order', () => {
    const m = parseLoadsFile(bytes, 'SCCP41.9-4-2SR2-2S.loads');
    assert.equal(m.bodyFormat, 'pfslab');
    assert.equal(m.loadId, SCCP41.id);
    assert.deepEqual(m.components, SCCP41.files.map((f) => f.name));
    assert.equal(m.header?.fileName, 'SCCP41.9-4-2SR2-2S.loads');
  });

  it('carry each component size and checksum, read back exactly', () => {
    assert.deepEqual(readVirtualLabManifest(bytes, 'x.loads').files, files);
  });

  it('report a damaged or missing size line at its offset', () => {
    const text = bytes.toString('latin1');
    const damaged = Buffer.from(text.replace(`size=${SCCP41.files[1]?.size}`, 'size=lots'), 'latin1');
    assert.throws(() => readVirtualLabManifest(damaged, 'd.loads'), /d\.loads: offset 0x[0-9A-F]+ \(\d+\): cannot read "# pfslab-file cnu41/);
    const missing = Buffer.from(text.replace(/# pfslab-file dsp41[^\n]*\n/, ''), 'latin1');
    assert.throws(() => readVirtualLabManifest(missing, 'm.loads'), /dsp41\.9-4-2ES26\.sbn has no "# pfslab-file"/);
  });

  it('refuse a checksum that is not SHA-256 or CRC-32 hex', () => {
    assert.throws(() => buildVirtualLabManifest(SCCP41.id, [{ name: 'a.sbn', size: 1, sha256: 'abc', crc32: crc('0') }]), /a\.sbn: sha256 must be 64 lower-case hex/);
    assert.throws(() => buildVirtualLabManifest(SCCP41.id, [{ name: 'a.sbn', size: 1, sha256: sha('0'), crc32: 'ABCDEF01' }]), /a\.sbn: crc32 must be 8 lower-case hex/);
  });

  it('report a line without its CRC-32 (a manifest of an older pfslab) at its offset', () => {
    const old = Buffer.from(bytes.toString('latin1').replace(/ crc32=[0-9a-f]{8}/, ''), 'latin1');
    assert.throws(() => readVirtualLabManifest(old, 'old.loads'), /old\.loads: offset 0x[0-9A-F]+ \(\d+\): cannot read "# pfslab-file jar41.*crc32=<8 hex>/);
  });
});

describe('publishLoads', () => {
  it('serves scaled components and a manifest whose sizes and checksums match what is served', () => {
    const firmware = new FirmwareStore();
    const files = new MemoryStore();
    const [published] = publishLoads([{ load: SCCP41, models: ['CP-7941G', 'CP-7961G', 'CP-7961G-GE'] }], { firmware, files, scale: 0.01 });
    assert.ok(published);
    assert.equal(published.manifestName, 'SCCP41.9-4-2SR2-2S.loads');
    assert.deepEqual(published.defaultManifestNames, ['term41.default.loads', 'term61.default.loads']);
    const manifest = files.get('SCCP41.9-4-2SR2-2S.loads');
    assert.ok(manifest);
    assert.deepEqual(files.get('term61.default.loads'), manifest);
    const read = readVirtualLabManifest(manifest, 'SCCP41.9-4-2SR2-2S.loads');
    for (const f of read.files) {
      const real = SCCP41.files.find((r) => r.name === f.name);
      assert.equal(f.size, Math.round((real?.size ?? 0) * 0.01));
      assert.equal(firmware.stat(f.name), f.size);
      assert.equal(firmware.checksum(f.name), f.sha256);
      const whole = firmware.content(f.name);
      assert.ok(whole);
      assert.equal(crc32(whole).toString(16).padStart(8, '0'), f.crc32);
    }
  });

  it('refuses to let one term<NN>.default.loads name two loads', () => {
    const firmware = new FirmwareStore();
    const files = new MemoryStore();
    const other = { id: 'SCCP41.9-3-1SR1-1S', files: [{ name: 'apps41.9-3-1.sbn', size: 10 }] };
    assert.throws(
      () => publishLoads([{ load: SCCP41, models: ['CP-7961G'] }, { load: other, models: ['CP-7961G'] }], { firmware, files, scale: 0.001 }),
      /term61\.default\.loads would name both/,
    );
  });

  it('names the default manifest after the model number', () => {
    assert.equal(defaultManifestName('CP-7971G-GE'), 'term71.default.loads');
    assert.equal(defaultManifestName('CP-7906G'), 'term06.default.loads');
    assert.equal(defaultManifestName('SCCP41'), undefined);
  });
});
