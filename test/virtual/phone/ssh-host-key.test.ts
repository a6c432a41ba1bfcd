// The virtual phone's SSH host key: ssh2's ed25519 generator makes about 1 key in 256 that
// ssh2 itself cannot read (it drops the public key's leading zero bytes), and a phone that drew
// one booted without its SSH console. drawHostKey draws again until ssh2 reads the key.
import assert from 'node:assert/strict';
import ssh2 from 'ssh2';
import { drawHostKey } from '../../../labs/virtual/phone/ssh/ssh-server.ts';

type Pair = { private: string; public: string };

/** A pair as ssh2 generates it that ssh2 refuses (drawn until one comes: 1 in 256). */
function unreadablePair(): Pair {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (ssh2.utils.parseKey(pair.private) instanceof Error) return pair;
  }
}

describe('virtual phone: SSH host key', function () {
  this.timeout(60_000);

  it('ssh2 still makes unreadable ed25519 keys, which an SSH server refuses (why drawHostKey exists)', () => {
    assert.throws(() => new ssh2.Server({ hostKeys: [unreadablePair().private] }, () => undefined), /Malformed OpenSSH private key/);
  });

  it('draws again past an unreadable key and returns one an SSH server takes', () => {
    const bad = unreadablePair();
    const good = ssh2.utils.generateKeyPairSync('ed25519');
    const queue = [bad, bad, good];
    let draws = 0;
    const key = drawHostKey(() => {
      draws++;
      return queue.shift() ?? assert.fail('drew past the readable key');
    });
    assert.equal(draws, 3);
    assert.equal(key, good.private);
    const server = new ssh2.Server({ hostKeys: [key] }, () => undefined);
    assert.ok(server);
  });

  it('2,000 keys in a row are all readable (without the check, 8 would not be, on average)', () => {
    for (let i = 0; i < 2000; i++) {
      const key = drawHostKey();
      assert.ok(!(ssh2.utils.parseKey(key) instanceof Error), `key ${i}`);
    }
  });

  it('gives up with a clear error when no draw is readable', () => {
    const bad = unreadablePair();
    assert.throws(() => drawHostKey(() => bad), /no ed25519 host key that ssh2 can read in 16 draws/);
  });
});
