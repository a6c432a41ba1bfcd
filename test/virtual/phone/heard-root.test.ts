// A phone that has read a root's claim for a file before it reaches that file joins that root
// without an election of its own (issue 15: in the loaded scale bench, a latecomer whose own
// advert timers ran before the busy root's answer came made itself a second root and fetched
// the file over the WAN again). The "root" here is a bare UDP socket that claims file 2 (as a
// root repeats its claim) while the phones work on files 0 and 1, and answers nothing: a phone
// that elects afresh when it reaches file 2 claims it (tentative) first; one that uses what it
// heard joins that root first, and only when it cannot be reached, elects (and the upgrade
// still completes).
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { encodeClaim, PFS_PORT } from '../../../labs/virtual/phone/pfs/messages.ts';
import type { MiniLab } from './support/mini-lab.ts';
import { startMiniLab } from './support/mini-lab.ts';

const SILENT_ROOT = '127.77.1.130';

describe('virtual phones: a root heard before the file is joined, not out-voted by a late election', function () {
  this.timeout(120_000);
  let lab: MiniLab | undefined;
  let sock: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  after(async () => {
    clearInterval(timer);
    sock?.close();
    await lab?.close();
  });

  it('joins the root it heard for a later file before claiming that file itself', async () => {
    lab = await startMiniLab({ firstHost: 121, phones: [{ model: 'CP-7961G' }, { model: 'CP-7961G' }] });
    const load = lab.loads.find((l) => l.id === lab?.target.get('CP-7961G'));
    const file = load?.files[2]?.name;
    assert.ok(file, 'the CP-7961G load has a third file');
    sock = createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((r) => sock?.bind({ address: SILENT_ROOT, port: PFS_PORT }, () => r()));
    sock.setBroadcast(true);
    const claim = encodeClaim({ verb: 'CLAIM', xid: 'XIDFFFFFF02', model: 'CP-7961G', file, state: 'root', strength: 'ffffffff', map: '00000000' });
    timer = setInterval(() => sock?.send(claim, PFS_PORT, '255.255.255.255'), 150);
    lab.powerOnAll();
    // It falls silent once both phones hold the second file, just before they reach the third:
    // a phone that elects when it reaches a file would hear nothing then, and claim; one that
    // kept what it heard goes to that root. (Then they find it unreachable, as a root that lost
    // power, and elect among themselves.)
    const phones = lab.phones;
    while (!phones.every((p) => p.origins.size >= 2)) await new Promise((r) => setTimeout(r, 5));
    clearInterval(timer);
    await lab.waitAllRunningNewLoad(90_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${phones.map((p) => p.flash.log.all().split('\n').filter((l) => /XID[0-9A-F]{6}02 /.test(l)).slice(-15).join('\n')).join('\n---\n')}`);
    });
    for (const p of lab.phones) {
      const lines = p.flash.log.all().split('\n').filter((l) => /XID[0-9A-F]{6}02 /.test(l));
      const first = lines.findIndex((l) => /TxJoin ROOT=|TxBdcst ClaimRoot\(tent\)/.test(l));
      assert.ok(first >= 0, `${p.name}: no join or claim for ${file}`);
      assert.match(lines[first] ?? '', new RegExp(`TxJoin ROOT=${SILENT_ROOT.replace(/\./g, '\\.')} `), `${p.name}'s first step for ${file}: ${lines[first]}`);
      // The silent root never answered: the phone got the file anyway (a real root of the two, or TFTP).
      assert.ok(p.origins.has(file), `${p.name} has ${file}`);
    }
  });
});
