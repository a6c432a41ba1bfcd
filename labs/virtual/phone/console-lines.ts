// Every console line a virtual phone's PFS session writes, as data: the format is defined
// here once, and read back from here (console-dialect.ts builds the virtual lab's dialect
// from the patterns beside the writers; test/virtual/phone/console-lines.test.ts parses every
// written line back). Two kinds:
// - twinLines: the virtual lab's OWN child, relay and transfer lines (Cisco's child-side
//   lines are not public, pfs-reference §3): written in the style of the published root
//   lines, each with the pattern of console-dialect.ts that reads it.
// - publishedLines: the root's lines as published for a real 79xx; the parser's own 79xx
//   dialect (harness/evidence/console/dialects) reads them, so they carry no pattern here.
import type { LogLevel } from './console-log.ts';

/** One record's level and text (the task is the phone's DLoad task). */
export type ConsoleLine = readonly [LogLevel, string];

/** A line of the virtual lab's own: `write` makes it, `pattern` (named groups) reads it. */
export interface TwinLineKind<A extends readonly unknown[]> {
  readonly pattern: string;
  readonly write: (...a: A) => ConsoleLine;
}

const XID = '(?<xid>XID[0-9A-Fa-f]+)';
const S = '\\S+';

function kind<A extends readonly unknown[]>(pattern: string, write: (...a: A) => ConsoleLine): TwinLineKind<A> {
  return { pattern, write };
}

/** The virtual lab's own lines, by the dialect entry name that reads each (order: the dialect's). */
export const twinLines = {
  // XID00000100 RxBdcst ClaimRoot(tent) from 10.20.1.22 strength=8a1c33f0: yield
  yield: kind(`${XID} RxBdcst ClaimRoot\\(tent\\) from (?<from>${S}) strength=(?<strength>[0-9a-f]+): yield`, (xid: string, from: string, strength: string) => ['INF', `${xid} RxBdcst ClaimRoot(tent) from ${from} strength=${strength}: yield`]),
  // XID00000100 RxBdcst ClaimRoot(root) ROOT=10.20.1.22 m=CP-7961G /dnld/jar41sccp.9-4-2ES26.sbn
  'root-heard': kind(`${XID} RxBdcst ClaimRoot\\(root\\) ROOT=(?<rootIp>${S}) m=(?<model>${S}) (?<path>${S})`, (xid: string, rootIp: string, model: string, path: string, before = false) => ['INF', `${xid} RxBdcst ClaimRoot(root) ROOT=${rootIp} m=${model} ${path}${before ? ' (heard before this file)' : ''}`]),
  // XID00000100 No root announced within 4000 ms: claim again
  'no-root': kind(`${XID} No root announced within (?<ms>\\d+) ms`, (xid: string, ms: number) => ['WRN', `${xid} No root announced within ${ms} ms: claim again`]),
  // XID00000100 TxJoin ROOT=10.20.1.22 try=1 /dnld/jar41sccp.9-4-2ES26.sbn   (placement request, UDP)
  'place-request': kind(`${XID} TxJoin ROOT=(?<rootIp>${S}) try=(?<try>\\d+) (?<path>${S})`, (xid: string, rootIp: string, attempt: number, path: string) => ['INF', `${xid} TxJoin ROOT=${rootIp} try=${attempt} ${path}`]),
  // XID00000100 RxPlace parent=10.20.1.25 /dnld/jar41sccp.9-4-2ES26.sbn
  placed: kind(`${XID} RxPlace parent=(?<parent>${S}) (?<path>${S})`, (xid: string, parent: string, path: string) => ['INF', `${xid} RxPlace parent=${parent} ${path}`]),
  // XID00000100 No placement from ROOT=10.20.1.22: joining it directly
  // (The address ends at the colon: the dialect read "10.20.1.22:" before the writer and the pattern sat side by side.)
  'no-placement': kind(`${XID} No placement from ROOT=(?<rootIp>[^\\s:]+):`, (xid: string, rootIp: string) => ['WRN', `${xid} No placement from ROOT=${rootIp}: joining it directly`]),
  // XID00000100 TxJoin parent=10.20.1.22 /dnld/jar41sccp.9-4-2ES26.sbn
  join: kind(`${XID} TxJoin parent=(?<parent>${S}) (?<path>${S})`, (xid: string, parent: string, path: string) => ['INF', `${xid} TxJoin parent=${parent} ${path}`]),
  // XID00000100 RxRedirect from 10.20.1.22 to 10.20.1.25
  redirected: kind(`${XID} RxRedirect from (?<from>${S}) to (?<to>${S})`, (xid: string, from: string, to: string) => ['INF', `${xid} RxRedirect from ${from} to ${to}`]),
  // XID00000100 RxRefuse from 10.20.1.22: not-in-hierarchy:joining
  refused: kind(`${XID} RxRefuse from (?<from>${S}): (?<reason>\\S*)`, (xid: string, from: string, reason: string) => ['INF', `${xid} RxRefuse from ${from}: ${reason}`]),
  // XID00000100 Join 10.20.1.22 failed: no connection
  'join-failed': kind(`${XID} Join (?<parent>${S}) failed`, (xid: string, parent: string) => ['WRN', `${xid} Join ${parent} failed: no connection`]),
  // XID00000100 RxAccept parent=10.20.1.22 /dnld/jar41sccp.9-4-2ES26.sbn
  accepted: kind(`${XID} RxAccept parent=(?<parent>${S}) (?<path>${S})`, (xid: string, parent: string, path: string) => ['INF', `${xid} RxAccept parent=${parent} ${path}`]),
  // XID00000100 Child 10.20.1.23 accepted fd[0]=9
  'child-accepted': kind(`${XID} Child (?<child>${S}) accepted fd\\[(?<slot>\\d)\\]=(?<fd>\\d+)`, (xid: string, child: string, slot: number, fd: number) => ['INF', `${xid} Child ${child} accepted fd[${slot}]=${fd}`]),
  // XID00000100 Child 10.20.1.27 redirected to 10.20.1.23 FULL=1
  'child-redirected': kind(`${XID} Child (?<child>${S}) redirected to (?<to>${S})`, (xid: string, child: string, to: string) => ['INF', `${xid} Child ${child} redirected to ${to} FULL=1`]),
  // XID00000100 Child 10.20.1.21 refused: ancestor
  'child-refused': kind(`${XID} Child (?<child>${S}) refused: (?<reason>${S})`, (xid: string, child: string, reason: string) => ['INF', `${xid} Child ${child} refused: ${reason}`]),
  // XID00000100 Child 10.20.1.23 lost
  'child-lost': kind(`${XID} Child (?<child>${S}) lost`, (xid: string, child: string) => ['WRN', `${xid} Child ${child} lost`]),
  // XID00000100 TxBdcst HierDone n=21 of 21 /dnld/jar41sccp.9-4-2ES26.sbn   (root: every expected phone placed)
  'hierarchy-done-sent': kind(`${XID} TxBdcst HierDone n=(?<n>\\d+)(?: of (?<expected>\\d+))? (?<path>${S})`, (xid: string, n: number, expected: number | undefined, path: string) => ['INF', `${xid} TxBdcst HierDone n=${n}${expected === undefined ? '' : ` of ${expected}`} ${path}`]),
  // XID00000100 RxBdcst HierDone ROOT=10.20.1.22 /dnld/jar41sccp.9-4-2ES26.sbn
  'hierarchy-done': kind(`${XID} RxBdcst HierDone ROOT=(?<rootIp>${S}) (?<path>${S})`, (xid: string, rootIp: string, path: string) => ['INF', `${xid} RxBdcst HierDone ROOT=${rootIp} ${path}`]),
  // XID00000100 TxFile /dnld/jar41sccp.9-4-2ES26.sbn to 10.20.1.23 bytes=101878
  'tx-file': kind(`${XID} TxFile (?<path>${S}) to (?<child>${S}) bytes=(?<bytes>\\d+)`, (xid: string, path: string, child: string, bytes: number) => ['INF', `${xid} TxFile ${path} to ${child} bytes=${bytes}`]),
  // XID00000100 RxFile /dnld/jar41sccp.9-4-2ES26.sbn from 10.20.1.22 bytes=101878 ok   (or: BAD <why>, at level ERR)
  'rx-file': kind(`${XID} RxFile (?<path>${S}) from (?<parent>${S}) bytes=(?<bytes>\\d+) (?<verdict>ok|BAD)`, (xid: string, path: string, parent: string, bytes: number, bad?: string) => [bad ? 'ERR' : 'INF', `${xid} RxFile ${path} from ${parent} bytes=${bytes} ${bad ? `BAD ${bad}` : 'ok'}`]),
  // XID00000100 Root 10.20.1.22 silent after 0 bytes: ask it again
  'root-silent': kind(`${XID} Root (?<rootIp>${S}) silent after (?<bytes>\\d+) bytes`, (xid: string, rootIp: string, bytes: number) => ['WRN', `${xid} Root ${rootIp} silent after ${bytes} bytes: ask it again`]),
  // XID00000100 Parent 10.20.1.23 lost after 50939 bytes: rejoin ROOT=10.20.1.22   (or: reelect)
  'parent-lost': kind(`${XID} Parent (?<parent>${S}) lost after (?<bytes>\\d+) bytes: (?<action>rejoin|reelect)`, (xid: string, parent: string, bytes: number, rejoinRoot?: string) => ['WRN', `${xid} Parent ${parent} lost after ${bytes} bytes: ${rejoinRoot === undefined ? 'reelect' : `rejoin ROOT=${rejoinRoot}`}`]),
  // XID00000100 TFTP fallback /dnld/jar41sccp.9-4-2ES26.sbn: no parent after retries
  'tftp-fallback': kind(`${XID} TFTP fallback (?<path>${S}): (?<reason>.*)$`, (xid: string, path: string, reason: string) => ['WRN', `${xid} TFTP fallback ${path}: ${reason}`]),
  // XID00000100 TFTP /dnld/jar41sccp.9-4-2ES26.sbn rejected: size 5, manifest says 6
  'tftp-rejected': kind(`${XID} TFTP (?<path>${S}) rejected: (?<reason>.*)$`, (xid: string, path: string, reason: string) => ['ERR', `${xid} TFTP ${path} rejected: ${reason}`]),
} as const;

/** The root's lines as a real 79xx writes them (pfs-reference §3); the parser's 79xx dialect reads them. */
export const publishedLines = {
  listening: (fd: number, port: number): ConsoleLine => ['DBG', `+++ fd=${fd} Listening on peer TCP port ${port}`],
  udpPortOpened: (): ConsoleLine => ['NOT', '^.idl_child.c-openUDPPort'],
  slots: (parentFd: number, fd0: number, fd1: number, full: boolean): ConsoleLine => ['NOT', `|parent=${parentFd}><fd[0]=${fd0} fd[1]=${fd1} FULL=${full ? 1 : 0}`],
  sendOffer: (): ConsoleLine => ['NOT', '^.idl_protocol.c-sendBroadcastOffer'],
  claimRoot: (xid: string, map: string, strength: string): ConsoleLine => ['INF', `${xid} TxBdcst ClaimRoot(tent): map=${map} strength=${strength}`],
  timeoutTrace: (): ConsoleLine => ['NOT', '^.idl_timeout.c-doTimeout'],
  timeout: (xid: string): ConsoleLine => ['DBG', `Timeout ${xid} hier=ClaimRoot(tent)`],
  advert: (xid: string, n: number): ConsoleLine => ['INF', `${xid} TxBdcst Ad ${n}: ClaimRoot(tent)`],
  rootConfirmed: (): ConsoleLine => ['NOT', 'UT:Confirmed root bumping strength'],
  hroot: (xid: string, h: string, model: string, rootIp: string, path: string): ConsoleLine => ['NOT', `@@@HROOT:${xid} H=${h} m=${model} ROOT=${rootIp} ${path}`],
  xfrCmd: (xid: string): ConsoleLine => ['INF', `${xid} Root sending TFTP XfrCmd on ROOT_WAITING TO`],
} as const;
