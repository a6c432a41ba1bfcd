// A downgrade (phones sent back to their baseline load) analysed with the lab's facts: the
// baseline files are known by name and size only through facts.baselineInventory, so the
// copies that carry them become edges of the baseline file's tree, the logged root for the
// baseline manifest speaks for them, and every phone of the model is expected to get them.
import assert from 'node:assert/strict';
import type { ParsedConsoleLog } from '../../harness/evidence/console/types.ts';
import type { LabFacts } from '../../harness/pfs/inventory.ts';
import { analyzePfs } from '../../harness/pfs/analyze.ts';
import { branchFacts, FlowScenario, healthyTree } from './flow-scenario.ts';

const BASE_APPS = { name: 'apps41.9-3-1ES11.sbn', size: 193_399 };
const BASE_JAR = { name: 'jar41sccp.9-3-1ES11.sbn', size: 99_841 };
const BASE_ID = 'SCCP41.9-3-1SR1-1S';
const ip = (n: number): string => `10.20.1.${n}`;

function withBaseline(facts: LabFacts): LabFacts {
  const baseline = { id: BASE_ID, files: [BASE_APPS, BASE_JAR] };
  return { ...facts, baselineInventory: new Map([['CP-7961G', baseline], ['CP-7941G', baseline]]) };
}

function hrootLog(rootIp: string, file: string): ParsedConsoleLog {
  return {
    source: 'root.log',
    records: [],
    raw: [],
    unreadable: { count: 0, lines: [] },
    events: [{ type: 'hroot', record: 0, line: 7, timeMicros: 0, xid: 'XID1', h: '1', model: 'CP-7961G', rootIp, path: `/dnld/${file}`, file }],
  };
}

describe('PFS analysis of a downgrade to the baseline load', () => {
  // The healthy tree of flow-scenario.ts, for the baseline's apps file; .17 misses the jar.
  const scenario = (): FlowScenario => {
    const s = healthyTree(new FlowScenario(), BASE_APPS);
    s.fetch(ip(11), BASE_JAR, 30, 32);
    for (const n of [12, 13, 14, 15, 16]) s.feed(ip(11), ip(n), BASE_JAR.size, 33, 34);
    return s;
  };

  it('builds the baseline files trees from the baseline inventory, with no violation', () => {
    const result = analyzePfs({ captures: [scenario().summary()], logs: [{ log: hrootLog(ip(11), `${BASE_ID}.loads`) }] }, withBaseline(branchFacts()));
    const apps = result.files.find((f) => f.file === BASE_APPS.name);
    assert.ok(apps, 'a tree for the baseline apps file');
    assert.equal(apps.size, BASE_APPS.size);
    assert.equal(apps.root, ip(11));
    assert.equal(apps.rootSource, 'pcap+log');
    assert.equal(apps.edges.length, 6);
    assert.equal(apps.depth, 2);
    assert.deepEqual(
      result.violations.filter((v) => v.file === BASE_APPS.name),
      [],
    );
    // Every 7961 of the branch is expected to get the baseline's jar: .17 did not.
    const jar = result.files.find((f) => f.file === BASE_JAR.name);
    assert.equal(jar?.roles[ip(17)], 'missing');
  });

  it('without the baseline inventory the same copies are not recognised as those files', () => {
    const result = analyzePfs({ captures: [scenario().summary()], logs: [] }, branchFacts());
    const apps = result.files.find((f) => f.file === BASE_APPS.name);
    assert.equal(apps?.edges.length ?? 0, 0);
  });
});
