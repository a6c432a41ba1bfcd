// The DES-CBC the switch falls back on for SNMPv3 DES privacy (Node 20's OpenSSL has no
// single DES by default): checked against the FIPS 81 example and against OpenSSL's own
// des-cbc, loaded in a child Node with the legacy provider.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { desCbcDecrypt, desCbcEncrypt } from '../../../harness/formats/snmp/des-cbc.ts';

interface Vector {
  key: string;
  iv: string;
  plain: string;
  cipher?: string;
}

/** Encrypts each vector with OpenSSL's des-cbc in a `node --openssl-legacy-provider` child. */
function opensslDesCbc(vectors: Vector[]): Promise<Vector[]> {
  const script = `
    const crypto = require('node:crypto');
    const vectors = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    for (const v of vectors) {
      const c = crypto.createCipheriv('des-cbc', Buffer.from(v.key, 'hex'), Buffer.from(v.iv, 'hex'));
      c.setAutoPadding(false);
      v.cipher = Buffer.concat([c.update(Buffer.from(v.plain, 'hex')), c.final()]).toString('hex');
    }
    process.stdout.write(JSON.stringify(vectors));`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--openssl-legacy-provider', '-e', script], (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`OpenSSL reference failed: ${stderr}`));
      else resolve(JSON.parse(stdout) as Vector[]);
    });
    child.stdin?.end(JSON.stringify(vectors));
  });
}

describe('virtual PoE switch: DES-CBC for SNMPv3 DES privacy', function () {
  it('reproduces the FIPS 81 CBC example', function () {
    const key = Buffer.from('0123456789abcdef', 'hex');
    const iv = Buffer.from('1234567890abcdef', 'hex');
    const plain = Buffer.from('Now is the time for all ');
    const cipher = desCbcEncrypt(key, iv, plain);
    assert.equal(cipher.toString('hex'), 'e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6');
    assert.deepEqual(desCbcDecrypt(key, iv, cipher), plain);
  });

  it("agrees with OpenSSL's des-cbc on random keys, IVs and lengths", async function () {
    const vectors: Vector[] = Array.from({ length: 200 }, (_, i) => ({
      key: randomBytes(8).toString('hex'),
      iv: randomBytes(8).toString('hex'),
      plain: randomBytes(8 * (1 + (i % 24))).toString('hex'),
    }));
    for (const v of await opensslDesCbc(vectors)) {
      const key = Buffer.from(v.key, 'hex');
      const iv = Buffer.from(v.iv, 'hex');
      assert.equal(desCbcEncrypt(key, iv, Buffer.from(v.plain, 'hex')).toString('hex'), v.cipher);
      assert.equal(desCbcDecrypt(key, iv, Buffer.from(v.cipher ?? '', 'hex')).toString('hex'), v.plain);
    }
  });

  it('refuses data that is not whole blocks', function () {
    assert.throws(() => desCbcEncrypt(Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(5)), /multiple of 8/);
  });
});
