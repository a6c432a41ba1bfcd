// What in the evidence could be read, and what could not: the notes every analysis prints
// (where a capture stopped, log lines not understood, file:line), and the "nothing to
// analyse" outcome. A verdict built on no evidence is never "no violation" (design.md,
// "What a verdict rests on"): a capture pfslab cannot decode, one with no packets, one
// without TFTP or port 4051 traffic, and logs without a valid root line give no verdict.
// The constant from its own dialect module, not the parser's index: `analyze` without --logs
// then loads no console parser.
import { NOT_UNDERSTOOD } from '../evidence/console/dialects/cisco-79xx.ts';
import type { CaptureSummary } from '../evidence/pcap/types.ts';
import type { AnalysisResult, NothingToAnalyse } from './analysis-types.ts';
import type { EvidenceSet } from './evidence-set.ts';
import type { LabFacts } from './inventory.ts';

/** The link types the capture reader decodes (harness/evidence/pcap/link-layer.ts). */
const READ_LINK_TYPES = new Set([0, 1, 12, 101, 113, 228, 276]);
const READ_LINK_TYPES_TEXT = 'pfslab reads Ethernet (with VLAN tags), Linux cooked v1/v2, raw IP and BSD loopback';

/** Names of link types users meet when they capture on the wrong interface (tcpdump.org link-layer header types). */
const LINK_TYPE_NAMES: Record<number, string> = {
  6: 'Token Ring',
  9: 'PPP',
  10: 'FDDI',
  50: 'PPP in HDLC framing',
  104: 'Cisco HDLC',
  105: 'IEEE 802.11',
  119: 'IEEE 802.11 Prism',
  127: 'IEEE 802.11 radiotap',
  163: 'IEEE 802.11 AVS',
  192: 'PPI',
  195: 'IEEE 802.15.4',
  201: 'Bluetooth',
  220: 'USB (Linux, mmapped)',
  229: 'raw IPv6',
  249: 'USB (Linux)',
};

export function linkTypeText(dlt: number): string {
  return `link type ${dlt} (${LINK_TYPE_NAMES[dlt] ?? 'unknown'})`;
}

/** Why a capture gave the analysis nothing, or undefined when it holds TFTP or port 4051 traffic. */
export function unusableCapture(cap: CaptureSummary): string | undefined {
  if (cap.tftp.length > 0 || cap.tcp4051.length > 0 || cap.udp4051.length > 0) return undefined;
  const unread = cap.linkTypes.filter((t) => !READ_LINK_TYPES.has(t));
  if (cap.linkTypes.length > 0 && unread.length === cap.linkTypes.length) {
    return `${cap.file}: ${unread.map(linkTypeText).join(', ')} ${unread.length > 1 ? 'are' : 'is'} not read: ${READ_LINK_TYPES_TEXT}`;
  }
  if (cap.frames === 0 && cap.stoppedEarly) return `${cap.file}: no packet read: ${cap.stoppedEarly.reason} (byte ${cap.stoppedEarly.offset})`;
  if (cap.frames === 0) return `${cap.file}: no packets (the file holds only its header)`;
  const cut = cap.stoppedEarly ? `; reading stopped at frame ${cap.stoppedEarly.frame}: ${cap.stoppedEarly.reason}` : '';
  return `${cap.file}: ${cap.frames} frame(s), none of them TFTP or port 4051 traffic (${cap.ipv4Packets} IPv4)${cut}`;
}

/** Notes about the evidence itself: where captures stopped, what could not be used, log lines not understood (file:line). */
export function evidenceNotes(evidence: EvidenceSet): string[] {
  const notes: string[] = [];
  for (const cap of evidence.captures) {
    const unusable = unusableCapture(cap);
    if (unusable !== undefined) notes.push(`${unusable}: nothing in it was analysed`);
    else if (cap.stoppedEarly) {
      notes.push(`${cap.file}: read stopped at byte ${cap.stoppedEarly.offset} (frame ${cap.stoppedEarly.frame}): ${cap.stoppedEarly.reason}; what came before is analysed`);
    }
  }
  for (const { log } of evidence.logs) {
    if (log.unreadable.count > 0) notes.push(`${log.source}: ${log.unreadable.count} unreadable line(s), first at line ${log.unreadable.lines[0]}`);
    const notUnderstood = log.events.filter((e) => e.type === 'other' && e.name === NOT_UNDERSTOOD);
    if (notUnderstood.length > 0) notes.push(`${log.source}: ${notUnderstood.length} line(s) not understood, not used:`);
    for (const e of notUnderstood) if (e.type === 'other') notes.push(`  ${log.source}:${e.line}: ${e.fields.what ?? 'line'}: ${e.fields.why ?? ''}`);
  }
  return notes;
}

/**
 * Nothing to analyse: no capture held TFTP or port 4051 traffic and no log named a root.
 * With a lab, every phone it lists is unreached as far as the evidence can tell.
 */
export function nothingToAnalyse(evidence: EvidenceSet, result: AnalysisResult, facts: LabFacts | undefined): NothingToAnalyse | undefined {
  const usableCaptures = evidence.captures.filter((c) => unusableCapture(c) === undefined);
  if (usableCaptures.length > 0 || result.logRoots.length > 0) return undefined;
  const reasons = evidence.captures.map((c) => unusableCapture(c) ?? c.file);
  for (const { log } of evidence.logs) reasons.push(`${log.source}: no valid root (@@@HROOT) line in ${log.records.length} record(s)`);
  const unreached = (facts?.phones ?? []).map((p) => `${p.name} ${p.ip} (${p.model}, ${p.subnet})`);
  return { reasons, unreached };
}
