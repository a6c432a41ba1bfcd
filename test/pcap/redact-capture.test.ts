// Secrets in captures: an SNMP v2c community and the SSH password of a config file cross a
// lab in clear; the evidence copy of a capture has them masked, same length, so that the
// file still reads the same (our reader and tshark) and no secret reaches a report.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { SecretRegistry } from '../../harness/lab/secret-registry.ts';
import { readCapture, redactCaptureFile } from '../../harness/evidence/pcap/index.ts';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { tsharkFields } from '../support/capture-tshark.ts';

describe('masking secrets in a capture', function () {
  const tmp = captureTmpDir('pfslab-redact-');
  after(() => tmp.remove());

  async function capture(name: string): Promise<string> {
    const file = tmp.file(name);
    const b = await CaptureBuilder.create(file);
    // An SNMP SET carrying the write community, and a config file block with the SSH password.
    b.udp({ src: '10.20.1.1', dst: '10.20.1.2', sport: 40000, dport: 161, payload: Buffer.from('0\x29\x02\x01\x01\x04\x0fSnmp-Write-Cm-7\xa3\x13...') });
    b.udp({ src: '10.10.0.11', dst: '10.20.1.21', sport: 50000, dport: 40001, payload: Buffer.from('\x00\x03\x00\x01<sshPassword>Phone-Ssh-Pw-3</sshPassword>') });
    b.udp({ src: '10.20.1.21', dst: '10.20.1.255', sport: 4051, dport: 4051, payload: Buffer.from('PPID/1 CLAIM state=tent'), broadcastMac: true });
    await b.close();
    return file;
  }

  it('masks every registered secret, keeps everything else byte for byte', async () => {
    const file = await capture('masked.pcap');
    const before = await readFile(file);
    const secrets = new SecretRegistry();
    secrets.add('Snmp-Write-Cm-7', 'switch write community');
    secrets.add('Phone-Ssh-Pw-3', 'phone ssh password');
    assert.equal(await redactCaptureFile(file, secrets), 2);
    const after = await readFile(file);
    assert.equal(after.length, before.length);
    assert.equal(after.indexOf('Snmp-Write-Cm-7'), -1);
    assert.equal(after.indexOf('Phone-Ssh-Pw-3'), -1);
    assert.notEqual(after.indexOf('<sshPassword>**************</sshPassword>'), -1);
    const differing = [...after].filter((byte, i) => byte !== before[i]).length;
    assert.equal(differing, 'Snmp-Write-Cm-7'.length + 'Phone-Ssh-Pw-3'.length);
  });

  it('leaves a capture both readers read as before', async () => {
    const original = await capture('original.pcap');
    const file = await capture('checked.pcap');
    const secrets = new SecretRegistry();
    secrets.add('Snmp-Write-Cm-7');
    await redactCaptureFile(file, secrets);
    const [a, b] = [await readCapture(original), await readCapture(file)];
    assert.equal(b.frames, a.frames);
    assert.deepEqual(b.udp4051, a.udp4051.map((f) => ({ ...f })));
    assert.deepEqual(
      tsharkFields(file, 'udp', ['frame.number', 'ip.src', 'udp.dstport', 'udp.length']),
      tsharkFields(original, 'udp', ['frame.number', 'ip.src', 'udp.dstport', 'udp.length']),
    );
  });

  it('writes nothing when no secret is registered or found', async () => {
    const file = await capture('clean.pcap');
    const before = await readFile(file);
    assert.equal(await redactCaptureFile(file, new SecretRegistry()), 0);
    const other = new SecretRegistry();
    other.add('Not-In-This-File-1');
    assert.equal(await redactCaptureFile(file, other), 0);
    assert.deepEqual(await readFile(file), before);
  });
});
