// The virtual lab's OWN console lines: child, relay and transfer lines of its PFS protocol.
// Cisco's child-side lines are not public (pfs-reference §3); these are written in the
// style of the published root lines (same task DLoad, same XID prefix) and are documented
// as the virtual lab's, never as a real phone's. Read them with
//   parseConsoleLog(text, { extraDialect: virtualPhoneDialect })
// Each gives an event of type 'other' whose `name` is the entry's name and whose fields
// are the pattern's named groups. The root's lines are the published ones and are read by
// the parser's own 79xx dialect.
import type { ConsoleDialectEntry } from '../../../harness/evidence/console/dialect.ts';

const XID = '(?<xid>XID[0-9A-Fa-f]+)';

function entry(name: string, pattern: string): ConsoleDialectEntry {
  return { name, task: 'DLoad', pattern: new RegExp(`^${pattern}`) };
}

export const virtualPhoneDialect: readonly ConsoleDialectEntry[] = [
  // XID00000100 RxBdcst ClaimRoot(tent) from 10.20.1.22 strength=8a1c33f0: yield
  entry('yield', `${XID} RxBdcst ClaimRoot\\(tent\\) from (?<from>\\S+) strength=(?<strength>[0-9a-f]+): yield`),
  // XID00000100 RxBdcst ClaimRoot(root) ROOT=10.20.1.22 m=CP-7961G /dnld/jar41sccp.9-4-2ES26.sbn
  entry('root-heard', `${XID} RxBdcst ClaimRoot\\(root\\) ROOT=(?<rootIp>\\S+) m=(?<model>\\S+) (?<path>\\S+)`),
  // XID00000100 No root announced within 4000 ms: claim again
  entry('no-root', `${XID} No root announced within (?<ms>\\d+) ms`),
  // XID00000100 TxJoin ROOT=10.20.1.22 try=1 /dnld/jar41sccp.9-4-2ES26.sbn   (placement request, UDP)
  entry('place-request', `${XID} TxJoin ROOT=(?<rootIp>\\S+) try=(?<try>\\d+) (?<path>\\S+)`),
  // XID00000100 RxPlace parent=10.20.1.25 /dnld/jar41sccp.9-4-2ES26.sbn
  entry('placed', `${XID} RxPlace parent=(?<parent>\\S+) (?<path>\\S+)`),
  // XID00000100 No placement from ROOT=10.20.1.22: joining it directly
  entry('no-placement', `${XID} No placement from ROOT=(?<rootIp>\\S+)`),
  // XID00000100 TxJoin parent=10.20.1.22 /dnld/jar41sccp.9-4-2ES26.sbn
  entry('join', `${XID} TxJoin parent=(?<parent>\\S+) (?<path>\\S+)`),
  // XID00000100 RxRedirect from 10.20.1.22 to 10.20.1.25
  entry('redirected', `${XID} RxRedirect from (?<from>\\S+) to (?<to>\\S+)`),
  // XID00000100 RxRefuse from 10.20.1.22: not-in-hierarchy:joining
  entry('refused', `${XID} RxRefuse from (?<from>\\S+): (?<reason>\\S*)`),
  // XID00000100 Join 10.20.1.22 failed: no connection
  entry('join-failed', `${XID} Join (?<parent>\\S+) failed`),
  // XID00000100 RxAccept parent=10.20.1.22 /dnld/jar41sccp.9-4-2ES26.sbn
  entry('accepted', `${XID} RxAccept parent=(?<parent>\\S+) (?<path>\\S+)`),
  // XID00000100 Child 10.20.1.23 accepted fd[0]=9
  entry('child-accepted', `${XID} Child (?<child>\\S+) accepted fd\\[(?<slot>\\d)\\]=(?<fd>\\d+)`),
  // XID00000100 Child 10.20.1.27 redirected to 10.20.1.23 FULL=1
  entry('child-redirected', `${XID} Child (?<child>\\S+) redirected to (?<to>\\S+)`),
  // XID00000100 Child 10.20.1.21 refused: ancestor
  entry('child-refused', `${XID} Child (?<child>\\S+) refused: (?<reason>\\S+)`),
  // XID00000100 Child 10.20.1.23 lost
  entry('child-lost', `${XID} Child (?<child>\\S+) lost`),
  // XID00000100 TxBdcst HierDone n=21 of 21 /dnld/jar41sccp.9-4-2ES26.sbn   (root: every expected phone placed)
  entry('hierarchy-done-sent', `${XID} TxBdcst HierDone n=(?<n>\\d+)(?: of (?<expected>\\d+))? (?<path>\\S+)`),
  // XID00000100 RxBdcst HierDone ROOT=10.20.1.22 /dnld/jar41sccp.9-4-2ES26.sbn
  entry('hierarchy-done', `${XID} RxBdcst HierDone ROOT=(?<rootIp>\\S+) (?<path>\\S+)`),
  // XID00000100 TxFile /dnld/jar41sccp.9-4-2ES26.sbn to 10.20.1.23 bytes=101878
  entry('tx-file', `${XID} TxFile (?<path>\\S+) to (?<child>\\S+) bytes=(?<bytes>\\d+)`),
  // XID00000100 RxFile /dnld/jar41sccp.9-4-2ES26.sbn from 10.20.1.22 bytes=101878 ok
  entry('rx-file', `${XID} RxFile (?<path>\\S+) from (?<parent>\\S+) bytes=(?<bytes>\\d+) (?<verdict>ok|BAD)`),
  // XID00000100 Parent 10.20.1.23 lost after 50939 bytes: rejoin ROOT=10.20.1.22   (or: reelect)
  entry('parent-lost', `${XID} Parent (?<parent>\\S+) lost after (?<bytes>\\d+) bytes: (?<action>rejoin|reelect)`),
  // XID00000100 TFTP fallback /dnld/jar41sccp.9-4-2ES26.sbn: no parent after retries
  entry('tftp-fallback', `${XID} TFTP fallback (?<path>\\S+): (?<reason>.*)$`),
  // XID00000100 TFTP /dnld/jar41sccp.9-4-2ES26.sbn rejected: size 5, manifest says 6
  entry('tftp-rejected', `${XID} TFTP (?<path>\\S+) rejected: (?<reason>.*)$`),
];
