// "A parent loses power mid-transfer": while the phones upgrade, watch the growing captures
// for a relay, a phone that is a child (it holds an open TCP 4051 connection to its parent)
// and a parent (its own children hold open connections to it), and pull its PoE plug while
// those connections are open: its children lose their parent in the middle of the file.
// Only what a real lab shows is used (the capture), so the same step works on hardware.
import { existsSync } from 'node:fs';
import { readCapture } from '../../evidence/pcap/index.ts';
import type { Tcp4051Connection } from '../../evidence/pcap/index.ts';
import type { DuringReport, DuringUpgrade } from './upgrade.ts';

const POLL_MS = 250;
const HOLD_MS = 2000;

export async function cutARelay(u: DuringUpgrade): Promise<DuringReport> {
  const report: DuringReport = { actions: [] };
  const ips = new Set(u.phones.map((p) => p.ip));
  while (!u.signal.aborted) {
    const open = await openConnections(u.liveCaptures());
    const victim = u.phones.find((p) => open.some((c) => c.acceptor === p.ip && ips.has(c.initiator)) && open.some((c) => c.initiator === p.ip && ips.has(c.acceptor)));
    if (victim) {
      const children = [...new Set(open.filter((c) => c.acceptor === victim.ip).map((c) => c.initiator))];
      report.actions.push({ at: Date.now(), what: `power off ${victim.name} (${victim.ip}), a relay with open connections from ${children.join(', ')}`, phone: victim.name, children });
      await u.ctx.poe.off(victim.name);
      await new Promise((r) => setTimeout(r, HOLD_MS));
      await u.ctx.poe.on(victim.name);
      report.actions.push({ at: Date.now(), what: `power on ${victim.name}`, phone: victim.name });
      return report;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  report.actions.push({ at: Date.now(), what: 'no relay with open child connections was seen before the upgrade ended: no plug was pulled' });
  return report;
}

/** TCP 4051 connections of the captures so far that have not ended (no FIN or RST yet). */
async function openConnections(files: readonly string[]): Promise<Tcp4051Connection[]> {
  const out: Tcp4051Connection[] = [];
  for (const f of files) {
    if (!existsSync(f)) continue;
    const summary = await readCapture(f).catch(() => undefined);
    if (summary) out.push(...summary.tcp4051.filter((c) => c.state === 'cut'));
  }
  return out;
}
