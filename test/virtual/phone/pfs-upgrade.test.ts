// End to end on loopback: ten virtual phones (seven CP-7961G and one more with PFS off, two
// CP-7965G) upgrade from the virtual TFTP server while tcpdump records lo; the project's own
// analysis (readCapture + analyzePfs) must find one root per (model, file), binary trees
// reaching every phone, one TFTP fetch per file per model, the PFS-off phone tftp-only, and
// no violation; the roots' console logs must read like the published root log.
import assert from 'node:assert/strict';
import type { PfsEvent } from '../../../harness/evidence/console/index.ts';
import { analyzePfs } from '../../../harness/pfs/analyze.ts';
import type { AnalysisResult } from '../../../harness/pfs/analysis-types.ts';
import type { VirtualPhone } from '../../../labs/virtual/phone/phone.ts';
import type { MiniLab } from './support/mini-lab.ts';
import { TFTP_IP, startMiniLab } from './support/mini-lab.ts';
import type { LoopbackCapture } from './support/evidence.ts';
import { captureLoopback, evidenceFrom, fixtureEventTypes, parsePhoneLog } from './support/evidence.ts';

describe('virtual phones: PFS upgrade on loopback, checked by the PFS analysis', function () {
  this.timeout(120_000);
  let lab: MiniLab;
  let capture: LoopbackCapture;
  let result: AnalysisResult;

  before(async () => {
    lab = await startMiniLab({
      phones: [
        ...Array.from({ length: 7 }, () => ({ model: 'CP-7961G' })),
        { model: 'CP-7965G' },
        { model: 'CP-7965G' },
        { model: 'CP-7961G', pfs: false },
      ],
    });
    capture = await captureLoopback(TFTP_IP, '127.77.1.0/24');
    lab.powerOnAll();
    await lab.waitAllRunningNewLoad(90_000);
    assert.equal(await capture.stop(), 0, 'tcpdump dropped frames');
    result = analyzePfs(await evidenceFrom(capture.file, lab.phones), lab.facts);
  });

  after(async () => {
    await lab?.close();
    await capture?.cleanup();
  });

  it('finds no violation', () => {
    assert.deepEqual(result.violations.map((v) => `${v.code}: ${v.message}`), []);
  });

  it('has one tree per (model, file), each with one root that fetched it from TFTP', () => {
    const expected = [...lab.target.entries()]
      .filter(([model]) => lab.phones.some((p) => p.spec.model === model))
      .flatMap(([model]) => (lab.facts.inventory.get(model)?.files ?? []).map((f) => `${model} ${f.name}`))
      .sort();
    assert.deepEqual(result.files.map((t) => `${t.model} ${t.file}`).sort(), expected);
    for (const t of result.files) {
      assert.ok(t.root, `${t.model} ${t.file}: no root`);
      const pfsFetchers = t.tftpFetchers.filter((ip) => t.roles[ip] !== 'tftp-only');
      assert.deepEqual(pfsFetchers, [t.root], `${t.model} ${t.file}: PFS phones that fetched from TFTP`);
      assert.equal(t.rootSource, 'pcap+log', `${t.file}: root seen in the capture and in the root's HROOT line`);
    }
  });

  it('reaches every PFS phone through a binary tree, the PFS-off phone fetching alone', () => {
    const off = lab.phones[9];
    assert.equal(off?.config?.peerFirmwareSharing, false);
    for (const t of result.files) {
      const members = lab.phones.filter((p) => p.spec.model === t.model);
      for (const p of members) {
        const role = t.roles[p.spec.ip];
        if (p === off) assert.equal(role, 'tftp-only', `${p.spec.ip} ${t.file}`);
        else assert.ok(role === 'root' || role === 'relay' || role === 'leaf', `${p.spec.ip} ${t.file}: ${role}`);
      }
      const children = new Map<string, number>();
      for (const e of t.edges) children.set(e.parent, (children.get(e.parent) ?? 0) + 1);
      assert.ok([...children.values()].every((n) => n <= 2), `${t.file}: a parent with more than two children`);
      const fed = new Set(t.edges.map((e) => e.child));
      assert.equal(fed.size, t.edges.length, `${t.file}: a phone got the file twice`);
      assert.equal(fed.size, members.filter((p) => p !== off).length - 1, `${t.file}: every PFS phone but the root is fed once`);
    }
  });

  it('sends exactly one copy of each file per model over the "WAN" for the PFS phones', () => {
    for (const line of result.wan.lines) {
      const offCopies = line.model === 'CP-7961G' ? 1 : 0;
      assert.equal(line.copies, 1 + offCopies, `${line.model} ${line.file}`);
    }
  });

  it("writes the published root lines, in the published order, in each root's console log", async () => {
    const published = await fixtureEventTypes();
    const upToHroot = published.slice(0, published.indexOf('hroot') + 1);
    assert.ok(upToHroot.length > 10 && published.at(-1) === 'tftp-xfrcmd');
    for (const t of result.files) {
      const root = lab.phones.find((p) => p.spec.ip === t.root);
      assert.ok(root, `${t.file}: root ${t.root} is a lab phone`);
      const events = parsePhoneLog(root).events;
      const hroot = events.find((e) => e.type === 'hroot' && e.file === t.file);
      assert.ok(hroot?.type === 'hroot', `${t.file}: HROOT in ${root.name}'s log`);
      assert.equal(hroot.model, t.model);
      assert.equal(hroot.rootIp, t.root);
      assert.equal(hroot.path, `/dnld/${t.file}`);
      // The session's own lines: from its "Listening" line to its HROOT, as published.
      const end = events.indexOf(hroot);
      const claim = lastIndex(events, end, (e) => e.type === 'claim-root' && e.xid === hroot.xid);
      const start = lastIndex(events, claim, (e) => e.type === 'listening');
      const mine = events.slice(start, end + 1).filter((e) => !('xid' in e) || e.xid === hroot.xid);
      assert.deepEqual(withoutLateRounds(mine.filter(isPublished).map(kind)), upToHroot, `${root.name} ${t.file}`);
      const xfr = events.slice(end).find((e) => e.type === 'tftp-xfrcmd' && e.xid === hroot.xid);
      assert.ok(xfr?.type === 'tftp-xfrcmd' && xfr.state === 'ROOT_WAITING' && xfr.reason === 'TO', `${t.file}: XfrCmd after HROOT`);
    }
  });

  it("lets no phone reboot before each of its files' roots said the hierarchy was complete (DONE, counted by the first file's root)", () => {
    for (const t of result.files) {
      const root = lab.phones.find((p) => p.spec.ip === t.root);
      assert.ok(root, `${t.file}: root ${t.root} is a lab phone`);
      const done = parsePhoneLog(root).events.find((e) => e.type === 'other' && e.name === 'hierarchy-done-sent' && e.fields.path === `/dnld/${t.file}`);
      assert.ok(done?.type === 'other', `${t.model} ${t.file}: the root's HierDone line`);
      const members = lab.phones.filter((p) => p.spec.model === t.model && p.pfsEnabled);
      assert.equal(Number(done.fields.n), members.length, `${t.model} ${t.file}: phones placed`);
      // The first file's root counts alone; every later root expects what it counted (TALLY).
      const first = lab.facts.inventory.get(t.model)?.files[0]?.name === t.file;
      assert.equal(done.fields.expected === undefined ? undefined : Number(done.fields.expected), first ? undefined : members.length, `${t.model} ${t.file}: expected`);
      for (const p of members) assert.ok(secondsAfter(done.timeMicros, rebootMicros(p)) >= 0, `${p.name} rebooted before ${t.file}'s DONE`);
    }
  });

  it('reads every console line of every phone (nothing unreadable, child lines through the virtual dialect)', () => {
    for (const p of lab.phones) {
      const log = parsePhoneLog(p);
      assert.equal(log.unreadable.count, 0, p.name);
      assert.equal(log.raw.length, 0, p.name);
    }
    const leaf = lab.phones.find((p) => p.pfsEnabled && [...p.origins.values()].includes('pfs'));
    assert.ok(leaf);
    const names = new Set(parsePhoneLog(leaf).events.flatMap((e) => (e.type === 'other' ? [e.name] : [])));
    for (const n of ['join', 'accepted', 'rx-file']) assert.ok(names.has(n), `${leaf.name}: ${n} line`);
  });
});

/** Time of day (µs) of the phone's first "Upgrade complete: rebooting" line. */
function rebootMicros(p: VirtualPhone): number {
  const m = /^\w+ (\d\d):(\d\d):(\d\d)\.(\d{6}) Main: Upgrade complete/m.exec(p.flash.log.all());
  assert.ok(m, `${p.name}: no reboot line`);
  const [h, min, sec, us] = m.slice(1).map(Number) as [number, number, number, number];
  return ((h * 60 + min) * 60 + sec) * 1e6 + us;
}

/** Seconds from time of day `a` to `b` (both µs), across midnight when the run was. */
function secondsAfter(a: number, b: number): number {
  const day = 86_400e6;
  return ((((b - a) % day) + day + day / 2) % day - day / 2) / 1e6;
}

/** Index of the last event before `before` that matches (ES2022 has no findLastIndex). */
function lastIndex(events: readonly PfsEvent[], before: number, match: (e: PfsEvent) => boolean): number {
  for (let i = before - 1; i >= 0; i--) {
    const e = events[i];
    if (e && match(e)) return i;
  }
  return -1;
}

function isPublished(e: PfsEvent): boolean {
  return e.type !== 'other';
}

/**
 * The kinds without the rounds the twin repeats because their advert period ran late: on a
 * busy machine the phones of this loopback lab share one event loop, and a claimer that was
 * deaf for more than a period sends its advert again under the same number (labs/virtual/phone/
 * pfs/election.ts, tick), which a phone with a CPU of its own never needs. Such a round is a
 * "timeout" then an "advert n" whose n is not above the last one; every other line must be the
 * published sequence, in order.
 */
function withoutLateRounds(kinds: readonly string[]): string[] {
  const out: string[] = [];
  let last = 0;
  for (const k of kinds) {
    const advert = /^advert (\d+)$/.exec(k);
    if (advert) {
      const n = Number(advert[1]);
      if (n <= last && out.at(-1) === 'timeout') {
        out.pop();
        continue;
      }
      last = n;
    }
    out.push(k);
  }
  return out;
}

function kind(e: PfsEvent): string {
  return e.type === 'advert' ? `advert ${e.n}` : e.type;
}
