// `pfslab plan` as a user runs it: the doc's own example, a lab file, the JSON shape, the
// chart, and a clear error with exit 2 for each input it cannot plan for.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli, tempDirPerSuite } from '../cli/run-cli.ts';

interface PlanJson {
  traditional: {
    seconds: number | null;
    secondsIsLowerBound?: boolean;
    wanBytes: number;
    wanOverflow?: { ratio: number; secondsIsLowerBound: boolean; dropShare: number; restartsPerFile: number | null; estimateSeconds: number | null; secondsIfQueueHoldsAll: number };
  };
  pfs: { seconds: number; wanBytes: number };
  breakEvenPhones: number | null;
  groups: { subnet: string; model: string; phones: number; treeDepth: number }[];
}

describe('pfslab plan', function () {
  this.timeout(60_000);
  const tmp = tempDirPerSuite('pfslab-plan-');

  it("answers the doc's example (1,000 phones, a far-away TFTP server): PFS far faster, one WAN copy", async () => {
    const r = await runCli(['plan', '--phones', '1000', '--model', 'CP-7961G', '--wan-mbit', '1.5', '--rtt-ms', '300', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as PlanJson;
    // SCCP41.9-4-2SR2-2S: 8,126,582 bytes (pfs-reference §4); traditional: every phone one copy.
    assert.equal(j.pfs.wanBytes, 8_126_582);
    assert.equal(j.traditional.wanBytes, 8_126_582_000);
    // Past the WAN's overflow (x9.8) the traditional reads are abandoned faster than they
    // complete: no time (null), flagged a lower bound, with the floor no phone beats.
    assert.equal(j.traditional.seconds, null);
    assert.equal(j.traditional.wanOverflow?.secondsIsLowerBound, true);
    assert.ok(j.pfs.seconds * 10 < (j.traditional.wanOverflow?.secondsIfQueueHoldsAll ?? 0), `PFS ${j.pfs.seconds} s, traditional ${JSON.stringify(j.traditional)}`);
    assert.equal(typeof j.breakEvenPhones, 'number');
    assert.ok((j.breakEvenPhones ?? 0) > 1 && (j.breakEvenPhones ?? 0) < 1000);
    assert.deepEqual(j.groups.map((g) => [g.model, g.phones, g.treeDepth]), [['CP-7961G', 1000, 9]]);
  });

  it('past the WAN\'s overflow says the traditional time is a lower bound, in the text and in --json', async () => {
    const asRun = await runCli(['plan', '--lab', 'labs/virtual.yaml', '--as-run', '--json']);
    assert.equal(asRun.status, 0, asRun.stderr);
    // Below the overflow (the lab's 21 phones): an estimate, no flag.
    const few = JSON.parse(asRun.stdout) as PlanJson;
    assert.equal(few.traditional.wanOverflow, undefined);
    assert.equal(few.traditional.secondsIsLowerBound, undefined);
    const r = await runCli(['plan', '--phones', '300', '--model', 'CP-7961G', '--wan-mbit', '2', '--rtt-ms', '120', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as PlanJson;
    assert.equal(j.traditional.secondsIsLowerBound, true);
    assert.equal(j.traditional.wanOverflow?.secondsIsLowerBound, true);
    assert.ok((j.traditional.wanOverflow?.ratio ?? 0) > 2.8 && (j.traditional.wanOverflow?.dropShare ?? 0) > 0.3);
    const j120 = JSON.parse((await runCli(['plan', '--phones', '120', '--model', 'CP-7961G', '--wan-mbit', '2', '--rtt-ms', '120', '--json'])).stdout) as PlanJson;
    // Just past the overflow: a finite bound, an estimate above it, the no-drop floor below it.
    const [b, e, floor] = [j120.traditional.seconds ?? NaN, j120.traditional.wanOverflow?.estimateSeconds ?? NaN, j120.traditional.wanOverflow?.secondsIfQueueHoldsAll ?? NaN];
    assert.ok(floor <= b && b <= e, `floor ${floor}, bound ${b}, estimate ${e}`);
    const t = await runCli(['plan', '--phones', '120', '--model', 'CP-7961G', '--wan-mbit', '2', '--rtt-ms', '120']);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /CP-7961G\s+120\s+at least \d/);
    assert.match(t.stdout, /Traditional is a LOWER BOUND here: the phones' blocks in flight are 1\.14x what the WAN holds/);
    assert.match(t.stdout, /abandons the read and begins the file again/);
    assert.match(t.stdout, /with resent blocks dropped 2x as often as first ones, as the twin's were, the estimate is \d/);
    const never = await runCli(['plan', '--phones', '300', '--model', 'CP-7961G', '--wan-mbit', '2', '--rtt-ms', '120']);
    assert.match(never.stdout, /CP-7961G\s+300\s+over a week/);
    assert.match(never.stdout, /LOWER BOUND here, and by that bound it never finishes: .*far more often than it can complete it/);
  });

  it('prints a table with both methods and the break-even, and accepts a short model name', async () => {
    const r = await runCli(['plan', '--phones', '30', '--model', '7961', '--wan-mbit', '2', '--rtt-ms', '120']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /CP-7961G\s+30\s/);
    assert.match(r.stdout, /Break-even: over this WAN PFS is at least as fast from \d+ phones/);
  });

  it('plans a lab file per subnet and model, and its WAN comes from the lab', async () => {
    const r = await runCli(['plan', '--lab', 'labs/virtual.yaml', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as PlanJson & { wan: { mbit: number; rttMs: number } };
    assert.deepEqual(j.wan, { mbit: 2, rttMs: 120, lossPercent: 0 });
    const a7961 = j.groups.find((g) => g.subnet === 'branch-a' && g.model === 'CP-7961G');
    assert.equal(a7961?.phones, 10);
    assert.equal(j.groups.reduce((n, g) => n + g.phones, 0), 21);
  });

  it('--as-run predicts the virtual lab at its scales: the WAN bytes the nightly measured', async () => {
    const r = await runCli(['plan', '--lab', 'labs/virtual.yaml', '--as-run', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as PlanJson;
    // BENCHMARKS.md, the nightly run: traditional 5,503,332 B; one copy per model per subnet 2,151,853 B.
    assert.equal(j.traditional.wanBytes, 5_503_332);
    assert.equal(j.pfs.wanBytes, 2_151_853);
  });

  it('--svg draws the chart with the branch marked', async () => {
    const file = path.join(tmp(), 'plan.svg');
    const r = await runCli(['plan', '--phones', '300', '--model', 'CP-7961G', '--wan-mbit', '2', '--rtt-ms', '120', '--svg', file]);
    assert.equal(r.status, 0, r.stderr);
    const svg = await readFile(file, 'utf8');
    assert.match(svg, /^<svg /);
    assert.match(svg, /this branch: 300 phones/);
    assert.match(svg, />traditional</);
    assert.match(svg, />PFS</);
    // Past ~106 phones the WAN overflows: the chart says its traditional line is a bound there.
    assert.match(svg, /traditional from ~106 phones: a lower bound \(the WAN overflows\), cut at a week/);
    // Below the overflow everywhere it draws (a fast WAN, few phones): no such line.
    const fast = path.join(tmp(), 'fast.svg');
    assert.equal((await runCli(['plan', '--phones', '10', '--model', 'CP-7961G', '--wan-mbit', '1000', '--rtt-ms', '10', '--svg', fast])).status, 0);
    assert.doesNotMatch(await readFile(fast, 'utf8'), /lower bound/);
  });

  const bad: [string, string[], RegExp][] = [
    ['no phones', ['--phones', '0', '--model', 'CP-7961G', '--wan-mbit', '2', '--rtt-ms', '120'], /--phones "0": expected a whole number of phones from 1 .*no phones/],
    ['zero bandwidth', ['--phones', '10', '--model', 'CP-7961G', '--wan-mbit', '0', '--rtt-ms', '120'], /--wan-mbit 0: a WAN without bandwidth/],
    ['a bandwidth that is not a number', ['--phones', '10', '--model', 'CP-7961G', '--wan-mbit', 'fast', '--rtt-ms', '120'], /--wan-mbit "fast": expected/],
    ['an unknown model', ['--phones', '10', '--model', 'CP-9999', '--wan-mbit', '2', '--rtt-ms', '120'], /--model "CP-9999": not a phone model that shares firmware; known: .*CP-7961G/],
    ['a model PFS does not know (7960)', ['--phones', '10', '--model', '7960', '--wan-mbit', '2', '--rtt-ms', '120'], /--model "7960": not a phone model/],
    ['no RTT', ['--phones', '10', '--model', 'CP-7961G', '--wan-mbit', '2'], /--rtt-ms is required/],
    ['a negative RTT', ['--phones', '10', '--model', 'CP-7961G', '--wan-mbit', '2', '--rtt-ms', '-5'], /--rtt-ms "-5": expected/],
    ['nothing to plan for', ['--wan-mbit', '2', '--rtt-ms', '120'], /what to plan for: --lab FILE, or --phones N --model M/],
    ['--lab and --phones both', ['--lab', 'labs/virtual.yaml', '--phones', '3', '--model', '7961'], /not both/],
    ['a missing lab file', ['--lab', 'labs/no-such-lab.yaml'], /no-such-lab\.yaml/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} with exit 2 and a message that says why`, async () => {
      const r = await runCli(['plan', ...args]);
      assert.equal(r.status, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(r.stdout, '');
    });
  }

  it('refuses a lab without phones, naming the file, line and field', async () => {
    const lab = (await readFile('labs/virtual.yaml', 'utf8')).replace(/\nphones:\n[\s\S]*?\n(?=loads:)/, '\nphones: []\n\n');
    const file = path.join(tmp(), 'no-phones.yaml');
    await writeFile(file, lab.replace('$schema=./lab.schema.json', ''));
    const r = await runCli(['plan', '--lab', file]);
    assert.equal(r.status, 2, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /no-phones\.yaml:\d+:\d+ phones: must not be empty/);
  });
});
