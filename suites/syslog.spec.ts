// pfslab as the lab's Log Server (issue 21): during the PFS upgrade every phone sends its
// console lines by syslog, live, and the stream holds what the console log (copied from the
// phone's web pages) holds: each phone's root, join and done lines of every file, the lines it
// wrote while it rebooted into the new load, and nothing less or more where the two overlap.
// Read from the evidence files only (syslog/<phone>.syslog.log and logs/<phone>.console.log).
import assert from 'node:assert/strict';
import type { LineRef, UpgradeRun } from '../harness/run/suite-kit.ts';
import { attachRun, escapeEvidence, linesOf, PFS_UPGRADE, readConsoleLog, readSyslogEvidence, syslogAgrees, syslogAsConsoleLog, useLab } from '../harness/run/suite-kit.ts';
import { notApplicable } from './support/not-applicable.ts';

// The published root line (@@@HROOT, pfs-reference §3) and the virtual lab's own hierarchy
// lines (labs/virtual/phone/console-dialect.ts): who is root, joining a parent, HierDone.
const ROOT = /@@@HROOT:|RxBdcst ClaimRoot\(root\)/;
const JOIN = /TxJoin parent=|RxAccept parent=/;
const DONE = /HierDone/;
// The twin's boot lines around the reboot into the new load (virtual lab's own wording).
const REBOOT_START = /Upgrade complete: rebooting/;
const REBOOT_END = /Main: Running load/;

describe('Log Server: every phone\'s console lines by syslog, across reboots', function () {
  const lab = useLab();
  let run: UpgradeRun;
  /** phone name -> its console log lines (web copy) and syslog lines */
  const lines = new Map<string, { console: LineRef[]; syslog: Set<string> | undefined }>();

  before(async function () {
    if (!lab.ctx.lab.spec.logServer) await notApplicable(this, `${lab.ctx.lab.file} has no logServer section: pfslab is not the phones' Log Server`);
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run, { pcaps: false });
    for (const [name, file] of run.evidence.logs) {
      const syslogFile = run.evidence.syslog?.files.get(name);
      const syslog = syslogFile ? new Set(linesOf(syslogAsConsoleLog(await readSyslogEvidence(syslogFile))).map((l) => l.text)) : undefined;
      lines.set(name, { console: linesOf(await readConsoleLog(file)), syslog });
    }
  });

  it('pfslab received syslog from every phone of the upgrade, one evidence file each', function () {
    assert.ok(run.evidence.syslog, `no syslog evidence: ${run.evidence.notes.filter((n) => n.includes('syslog')).join('; ') || 'the receiver did not run'}`);
    const silent = run.phones.map((o) => o.phone).filter((p) => !run.evidence.syslog?.files.has(p));
    assert.deepEqual(silent, [], 'phones with no syslog evidence file');
    const { dropped, kernelDrops } = run.evidence.syslog.summary;
    assert.deepEqual({ ...dropped, kernelDrops: kernelDrops ?? 0 }, { 'not-syslog': 0, 'file-full': 0, 'total-full': 0, 'too-many-senders': 0, 'internal-error': 0, kernelDrops: 0 }, 'datagrams lost or refused');
  });

  it("every phone's root, join and done lines of every file arrive by syslog", function () {
    const missing: string[] = [];
    const without: string[] = [];
    for (const [phone, { console: c, syslog }] of lines) {
      if (run.pfs.get(phone) !== 'Enabled') continue;
      const events = c.filter((l) => ROOT.test(l.text) || JOIN.test(l.text) || DONE.test(l.text));
      for (const kind of [ROOT, DONE]) if (!events.some((l) => kind.test(l.text))) without.push(`${phone}: no ${kind.source} line in its console log`);
      for (const l of events) if (!syslog?.has(l.text)) missing.push(`${phone}: ${l.file}:${l.line}: ${escapeEvidence(l.text)}`);
    }
    assert.deepEqual(without, [], 'PFS phones whose console log shows no hierarchy (nothing to compare)');
    assert.deepEqual(missing, [], 'root/join/done lines of the console log that never arrived by syslog');
    assert.ok([...lines.values()].some((l) => l.console.some((x) => JOIN.test(x.text))), 'no phone joined a parent: the upgrade formed no hierarchy to check');
  });

  it('the lines a phone writes while it reboots into the new load arrive by syslog', function () {
    const missing: string[] = [];
    const noReboot: string[] = [];
    for (const o of run.phones.filter((x) => x.reached)) {
      const l = lines.get(o.phone);
      if (!l) continue;
      const start = l.console.findIndex((x) => REBOOT_START.test(x.text));
      const end = start < 0 ? -1 : l.console.findIndex((x, i) => i > start && REBOOT_END.test(x.text));
      if (start < 0 || end < 0) {
        noReboot.push(o.phone);
        continue;
      }
      for (const x of l.console.slice(start, end + 1)) if (!l.syslog?.has(x.text)) missing.push(`${o.phone}: ${x.file}:${x.line}: ${escapeEvidence(x.text)}`);
    }
    assert.deepEqual(noReboot, [], 'phones that reached the target without a reboot in their console log');
    assert.deepEqual(missing, [], 'lines written while rebooting that never arrived by syslog');
  });

  it('the syslog stream and the console logs agree, phone by phone', function () {
    assert.ok(run.syslogCheck && run.syslogCheck.length > 0, 'no cross-check was made');
    const bad = run.syslogCheck
      .filter((r) => !syslogAgrees(r))
      .map((r) => `${r.phone}: ${r.problem ?? `${r.missingInSyslog.length} line(s) only in the console log (first: ${escapeEvidence(r.missingInSyslog[0]?.text ?? '-')}), ${r.missingInConsole.length} only in syslog (first: ${escapeEvidence(r.missingInConsole[0]?.text ?? '-')})`}`);
    assert.deepEqual(bad, [], 'phones whose syslog stream and console log disagree (see the attached cross-check)');
  });
});
