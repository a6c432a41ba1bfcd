// The PFS analysis on hand-built flows: a healthy tree passes, and each rule fires on the
// one change that breaks it, naming the file, the phones and the frames.
import assert from 'node:assert/strict';
import type { ParsedConsoleLog } from '../../harness/evidence/console/types.ts';
import type { AnalysisResult, ViolationCode } from '../../harness/pfs/analysis-types.ts';
import type { EvidenceSet } from '../../harness/pfs/evidence-set.ts';
import { analyzePfs } from '../../harness/pfs/analyze.ts';
import { APPS, FlowScenario, JAR, LOAD_ID, branchFacts, healthyTree, phoneFact } from './flow-scenario.ts';

const ip = (n: number, subnet = 1): string => `10.20.${subnet}.${n}`;
const codes = (r: AnalysisResult): ViolationCode[] => r.violations.map((v) => v.code);
const only = (s: FlowScenario): EvidenceSet => ({ captures: [s.summary()], logs: [] });

function hrootLog(rootIp: string, file: string, source = 'root.log'): ParsedConsoleLog {
  return {
    source,
    records: [],
    raw: [],
    unreadable: { count: 0, lines: [] },
    events: [{ type: 'hroot', record: 0, line: 7, timeMicros: 0, xid: 'XID1', h: '1', model: 'CP-7961G', rootIp, path: `/dnld/${file}`, file }],
  };
}

describe('PFS analysis', () => {
  describe('a healthy tree', () => {
    const result = analyzePfs(only(healthyTree()), branchFacts());
    const tree = result.files.find((f) => f.file === APPS.name);

    it('finds the root, the edges with their bytes, and the depth', () => {
      assert.ok(tree);
      assert.equal(tree.root, ip(11));
      assert.equal(tree.rootSource, 'pcap');
      assert.deepEqual(
        tree.edges.map((e) => [e.parent, e.child, e.bytes]),
        [
          [ip(11), ip(12), APPS.size],
          [ip(11), ip(13), APPS.size],
          [ip(12), ip(14), APPS.size],
          [ip(12), ip(15), APPS.size],
          [ip(13), ip(16), APPS.size],
          [ip(13), ip(17), APPS.size],
        ],
      );
      assert.equal(tree.depth, 2);
      assert.deepEqual(tree.tftpFetchers, [ip(11)]);
    });

    it('gives every phone its role', () => {
      assert.deepEqual(tree?.roles, {
        [ip(11)]: 'root',
        [ip(12)]: 'relay',
        [ip(13)]: 'relay',
        [ip(14)]: 'leaf',
        [ip(15)]: 'leaf',
        [ip(16)]: 'leaf',
        [ip(17)]: 'leaf',
      });
    });

    it('counts one WAN copy and reports no violation', () => {
      const line = result.wan.lines.find((l) => l.file === APPS.name);
      assert.equal(line?.bytes, APPS.size);
      assert.equal(line?.copies, 1);
      assert.deepEqual(codes(result), []);
    });
  });

  it('roles are per file: a phone is root for one file and a leaf for another', () => {
    const s = healthyTree();
    for (const n of [11, 12, 13, 14, 15, 16, 17]) s.announce(ip(n));
    s.fetch(ip(17), JAR, 30, 31);
    s.feed(ip(17), ip(11), JAR.size, 32, 33).feed(ip(17), ip(12), JAR.size, 32, 33);
    s.feed(ip(11), ip(13), JAR.size, 34, 35).feed(ip(11), ip(14), JAR.size, 34, 35);
    s.feed(ip(12), ip(15), JAR.size, 34, 35).feed(ip(12), ip(16), JAR.size, 34, 35);
    const r = analyzePfs(only(s), branchFacts());
    const jar = r.files.find((f) => f.file === JAR.name);
    const apps = r.files.find((f) => f.file === APPS.name);
    assert.equal(jar?.roles[ip(17)], 'root');
    assert.equal(apps?.roles[ip(17)], 'leaf');
    assert.equal(jar?.roles[ip(11)], 'relay');
    assert.deepEqual(codes(r), []);
  });

  it('MULTIPLE_TFTP_FETCH: a second PFS phone fetches the same file from TFTP', () => {
    const s = healthyTree().fetch(ip(16), APPS, 11, 16);
    const r = analyzePfs(only(s), branchFacts());
    const v = r.violations.find((x) => x.code === 'MULTIPLE_TFTP_FETCH');
    assert.ok(v, `expected MULTIPLE_TFTP_FETCH, got ${codes(r).join(', ')}`);
    assert.equal(v.file, APPS.name);
    assert.deepEqual(v.phones.sort(), [ip(11), ip(16)]);
    assert.equal(v.evidence[0]?.kind, 'pcap');
    assert.equal(r.wan.lines[0]?.copies, 2);
  });

  it('a phone without PFS that fetches from TFTP is tftp-only, not a violation', () => {
    const s = healthyTree().fetch('10.20.1.40', APPS, 11, 16);
    const r = analyzePfs(only(s), branchFacts([phoneFact('10.20.1.40')]));
    assert.equal(r.files[0]?.roles['10.20.1.40'], 'tftp-only');
    assert.deepEqual(codes(r), []);
  });

  it('FANOUT_EXCEEDED: a parent feeds three children', () => {
    const s = new FlowScenario();
    for (const n of [11, 12, 13, 14]) s.announce(ip(n));
    s.fetch(ip(11), APPS, 1, 2).feed(ip(11), ip(12), APPS.size, 3, 4).feed(ip(11), ip(13), APPS.size, 3, 4).feed(ip(11), ip(14), APPS.size, 3, 4);
    const facts = branchFacts();
    facts.phones = facts.phones.filter((p) => ['10.20.1.11', '10.20.1.12', '10.20.1.13', '10.20.1.14'].includes(p.ip));
    const r = analyzePfs(only(s), facts);
    assert.deepEqual(codes(r), ['FANOUT_EXCEEDED']);
    assert.deepEqual(r.violations[0]?.phones, [ip(11), ip(12), ip(13), ip(14)]);
  });

  it('NOT_A_TREE: a child fed by two parents', () => {
    const s = healthyTree().feed(ip(13), ip(14), APPS.size, 18, 19);
    const r = analyzePfs(only(s), branchFacts());
    assert.ok(codes(r).includes('NOT_A_TREE'), codes(r).join(', '));
    assert.match(r.violations.find((v) => v.code === 'NOT_A_TREE')?.message ?? '', /10\.20\.1\.14 received .* from 2 parents/);
  });

  it('NOT_A_TREE: a cycle', () => {
    const s = new FlowScenario();
    for (const n of [11, 12, 13]) s.announce(ip(n));
    s.feed(ip(11), ip(12), APPS.size, 1, 2).feed(ip(12), ip(13), APPS.size, 3, 4).feed(ip(13), ip(11), APPS.size, 5, 6);
    const r = analyzePfs(only(s), branchFacts());
    const v = r.violations.find((x) => x.code === 'NOT_A_TREE');
    assert.ok(v, codes(r).join(', '));
    assert.match(v.message, /cycle/);
  });

  it('MULTIPLE_ROOTS: two phones of one model fetch from TFTP and each feeds children', () => {
    // With the lab saying all four are 7961s (without one, two disjoint hierarchies of a
    // family read as two model groups: see verdicts.test.ts).
    const s = new FlowScenario();
    for (const n of [11, 12, 13, 14]) s.announce(ip(n));
    s.fetch(ip(11), APPS, 1, 2).feed(ip(11), ip(12), APPS.size, 3, 4);
    s.fetch(ip(13), APPS, 1, 2).feed(ip(13), ip(14), APPS.size, 3, 4);
    const r = analyzePfs(only(s), branchFacts());
    assert.ok(codes(r).includes('MULTIPLE_ROOTS'), codes(r).join(', '));
    assert.ok(codes(r).includes('MULTIPLE_TFTP_FETCH'));
  });

  it('CROSS_SUBNET: a copy on 4051 between two subnets', () => {
    const s = healthyTree().announce(ip(5, 2)).feed(ip(12), ip(5, 2), APPS.size, 20, 21);
    const r = analyzePfs(only(s), branchFacts([phoneFact(ip(5, 2), 'CP-7961G', 'branch2')]));
    const v = r.violations.find((x) => x.code === 'CROSS_SUBNET');
    assert.ok(v, codes(r).join(', '));
    assert.deepEqual(v.phones, [ip(5, 2), ip(12)]);
  });

  it('CROSS_MODEL: a phone fed by a parent of another model', () => {
    const s = healthyTree().announce(ip(30)).feed(ip(30), ip(17), APPS.size, 20, 21);
    const facts = branchFacts([phoneFact(ip(30), 'CP-7941G')]);
    const r = analyzePfs(only(s), facts);
    const v = r.violations.find((x) => x.code === 'CROSS_MODEL');
    assert.ok(v, codes(r).join(', '));
    assert.match(v.message, /CP-7941G/);
  });

  it('INCOMPLETE_FORWARD: a relay starts forwarding before its own copy is whole', () => {
    const s = new FlowScenario();
    for (const n of [11, 12, 13]) s.announce(ip(n));
    s.fetch(ip(11), APPS, 1, 2).feed(ip(11), ip(12), APPS.size, 3, 6).feed(ip(12), ip(13), APPS.size, 4, 7, { firstPayload: 4.5 });
    const facts = branchFacts();
    facts.phones = facts.phones.slice(0, 3);
    const r = analyzePfs(only(s), facts);
    assert.deepEqual(codes(r), ['INCOMPLETE_FORWARD']);
    assert.deepEqual(r.violations[0]?.phones, [ip(12), ip(13)]);
    assert.match(r.violations[0]?.message ?? '', /1\.499 s later/);
  });

  it('PHONE_NOT_REACHED: a lab phone of the model gets no whole copy', () => {
    const s = healthyTree().announce(ip(18)).feed(ip(14), ip(18), 4000, 20, 21, { state: 'cut' });
    const r = analyzePfs(only(s), branchFacts([phoneFact(ip(18))]));
    const v = r.violations.find((x) => x.code === 'PHONE_NOT_REACHED' && x.file === APPS.name);
    assert.ok(v, codes(r).join(', '));
    assert.deepEqual(v.phones, [ip(18)]);
    assert.equal(r.files[0]?.roles[ip(18)], 'missing');
    assert.equal(r.unmatchedConnections.length, 1);
    assert.ok(v.evidence.some((e) => e.kind === 'pcap'), 'the cut connection is cited');
  });

  it('NON_4051_PEER_TRAFFIC: two phones talk on another port', () => {
    const s = healthyTree().converse(ip(12), 5000, ip(13), 5001);
    const r = analyzePfs(only(s), branchFacts());
    assert.deepEqual(codes(r), ['NON_4051_PEER_TRAFFIC']);
  });

  it('LOG_PCAP_DISAGREE: a console log names another root than the capture shows', () => {
    const r = analyzePfs({ captures: [healthyTree().summary()], logs: [{ log: hrootLog(ip(13), `${LOAD_ID}.loads`) }] }, branchFacts());
    const v = r.violations.find((x) => x.code === 'LOG_PCAP_DISAGREE');
    assert.ok(v, codes(r).join(', '));
    assert.deepEqual(v.evidence, [{ kind: 'log', source: 'root.log', lines: [7] }]);
  });

  it('a log that agrees with the capture marks the root as seen by both', () => {
    const r = analyzePfs({ captures: [healthyTree().summary()], logs: [{ log: hrootLog(ip(11), `${LOAD_ID}.loads`) }] }, branchFacts());
    assert.equal(r.files[0]?.rootSource, 'pcap+log');
    assert.deepEqual(codes(r), []);
  });

  it('without a lab, infers phones, subnets and sizes and says so', () => {
    const r = analyzePfs(only(healthyTree()), undefined);
    assert.equal(r.files[0]?.subnet, '10.20.1.0/24');
    assert.equal(r.files[0]?.model, 'SCCP41 family');
    assert.equal(r.files[0]?.size, APPS.size);
    assert.equal(r.files[0]?.root, ip(11));
    assert.ok(r.inferred.some((i) => /subnets inferred/.test(i)));
    assert.deepEqual(codes(r), []);
  });

  it('the same flows seen by two capture points count once', () => {
    const a = healthyTree(new FlowScenario('branch.pcap')).summary();
    const b = { ...a, file: 'wan.pcap' };
    const r = analyzePfs({ captures: [a, b], logs: [] }, branchFacts());
    assert.equal(r.wan.lines[0]?.copies, 1);
    assert.equal(r.files[0]?.edges.length, 6);
    assert.deepEqual(codes(r), []);
  });
});
