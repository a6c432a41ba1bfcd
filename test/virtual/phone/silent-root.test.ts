// A root that takes a phone's connection and then says nothing for parentSilenceMs is slow,
// not gone (issue 15: a root whose process was busy on a loaded machine answered joins tens
// of seconds late; its joiners hung up, elected afresh, and one made itself a second root,
// a second WAN copy). The phone asks it again; only a root whose port refuses it (it lost
// power) sends the phone to a new election. The "root" here is a bare UDP socket that claims
// every file as a root does, and a TCP server that takes joins and never answers.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { encodeClaim, PFS_PORT } from '../../../labs/virtual/phone/pfs/messages.ts';
import type { MiniLab } from './support/mini-lab.ts';
import { startMiniLab } from './support/mini-lab.ts';

const SLOW_ROOT = '127.77.1.170';

describe('virtual phones: a root that is slow to answer is asked again, not out-voted', function () {
  this.timeout(120_000);
  let lab: MiniLab | undefined;
  let udp: UdpSocket | undefined;
  let tcp: Server | undefined;
  const held = new Set<Socket>();
  let timer: NodeJS.Timeout | undefined;
  const stopRoot = () => {
    clearInterval(timer);
    for (const s of held) s.destroy();
    tcp?.close();
    udp?.close();
    tcp = udp = undefined;
  };
  after(async () => {
    stopRoot();
    await lab?.close();
  });

  it('keeps asking a root that took its connection, and elects once that root refuses it', async () => {
    // parentSilenceMs 5000 x 0.2 = 1 s: how long the phone waits for the root's answer.
    lab = await startMiniLab({ firstHost: 161, phones: [{ model: 'CP-7961G' }], timing: { parentSilenceMs: 5000 } });
    const load = lab.loads.find((l) => l.id === lab?.target.get('CP-7961G'));
    const files = load?.files.map((f) => f.name) ?? [];
    assert.ok(files.length > 0, 'the CP-7961G load has files');
    udp = createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((r) => udp?.bind({ address: SLOW_ROOT, port: PFS_PORT }, () => r()));
    udp.setBroadcast(true);
    const claims = files.map((file) => encodeClaim({ verb: 'CLAIM', xid: 'XIDFFFFFF00', model: 'CP-7961G', file, state: 'root', strength: 'ffffffff', map: '00000000' }));
    timer = setInterval(() => {
      for (const c of claims) udp?.send(c, PFS_PORT, '255.255.255.255');
    }, 150);
    tcp = createServer((s) => {
      held.add(s);
      s.on('error', () => {});
      s.once('close', () => held.delete(s));
    });
    await new Promise<void>((r) => tcp?.listen(PFS_PORT, SLOW_ROOT, () => r()));

    const [phone] = lab.phones;
    assert.ok(phone);
    const firstFile = () => phone.flash.log.all().split('\n').filter((l) => /XID[0-9A-F]{6}00 /.test(l));
    lab.powerOnAll();
    // Three times silent: each time the old phone hung up it elected (and, alone, made itself root).
    while (firstFile().filter((l) => / silent after \d+ bytes: ask it again/.test(l)).length < 3) {
      await new Promise((r) => setTimeout(r, 20));
      // (A tentative claim before the root's claim was first read is fine: it then joined.)
      const elected = firstFile().find((l) => /reelect|@@@HROOT/.test(l));
      assert.equal(elected, undefined, `the phone elected while the root still took its connections:\n${firstFile().join('\n')}`);
    }
    // The root loses power: its port refuses. Now the phone elects, and upgrades.
    stopRoot();
    await lab.waitAllRunningNewLoad(90_000);
    assert.ok(firstFile().some((l) => /@@@HROOT/.test(l)), 'alone, after the root was gone, the phone became the root');
  });
});
