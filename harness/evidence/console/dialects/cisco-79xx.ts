// The PFS lines a 79xx root phone writes, as published (pfs-reference.md §3). Each entry
// reads one record's text (after repairs, wrapped lines joined with a space). The
// transaction id is kept as logged, label included (xid "XID080027F8"), so it can be
// searched for in the log as is.
// Fields whose meaning is unknown (map, strength, H) are kept as the hex/text written.
import type { ConsoleDialectEntry, PatternGroups } from '../dialect.ts';

function text(groups: PatternGroups, name: string): string {
  return groups[name] ?? '';
}

function int(groups: PatternGroups, name: string): number {
  return Number.parseInt(groups[name] ?? '', 10);
}

/** The last component of a path as logged (`/dnld/SCCP41.9-4-2SR2-2S.loads`). */
function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export const cisco79xxDialect: readonly ConsoleDialectEntry[] = [
  {
    // +++ fd=7 Listening on peer TCP port 4051
    name: 'listening',
    pattern: /^\+\+\+ fd=(?<fd>-?\d+) Listening on peer TCP port (?<port>\d+)/,
    toEvent: (g) => ({ type: 'listening', port: int(g, 'port'), fd: int(g, 'fd') }),
  },
  {
    // ^.idl_child.c-openUDPPort  (a function trace: file idl_child.c, function openUDPPort)
    name: 'udp-port-opened',
    pattern: /^\^\.idl_child\.c-openUDPPort\b/,
    toEvent: () => ({ type: 'udp-port-opened' }),
  },
  {
    // |parent=-1><fd[0]=-1 fd[1]=-1 FULL=0  (no parent, two empty child slots, not full)
    name: 'slots',
    pattern: /^\|parent=(?<parent>-?\d+)><fd\[0\]=(?<fd0>-?\d+) fd\[1\]=(?<fd1>-?\d+) FULL=(?<full>\d+)/,
    toEvent: (g) => ({
      type: 'slots',
      parentFd: int(g, 'parent'),
      childFds: [int(g, 'fd0'), int(g, 'fd1')],
      full: text(g, 'full') !== '0',
    }),
  },
  {
    // XID080027F8 TxBdcst ClaimRoot(tent): map=ff9d7cb9 strength=31d4d43d
    name: 'claim-root',
    pattern:
      /^(?<xid>XID[0-9A-Fa-f]+) TxBdcst ClaimRoot\(tent\): map=(?<map>[0-9A-Fa-f]+) strength=(?<strength>[0-9A-Fa-f]+)/,
    toEvent: (g) => ({
      type: 'claim-root',
      xid: text(g, 'xid'),
      map: text(g, 'map'),
      strength: text(g, 'strength'),
    }),
  },
  {
    // XID080027F8 TxBdcst Ad 3: ClaimRoot(tent)
    name: 'advert',
    pattern: /^(?<xid>XID[0-9A-Fa-f]+) TxBdcst Ad (?<n>\d+): (?<claim>\S+)/,
    toEvent: (g) => ({ type: 'advert', xid: text(g, 'xid'), n: int(g, 'n'), claim: text(g, 'claim') }),
  },
  {
    // XID080027F8 Root sending TFTP XfrCmd on ROOT_WAITING TO  (state, then the reason: TO = timeout)
    name: 'tftp-xfrcmd',
    pattern: /^(?<xid>XID[0-9A-Fa-f]+) Root sending TFTP XfrCmd on (?<state>\S+)(?: (?<reason>\S+))?/,
    toEvent: (g) => ({
      type: 'tftp-xfrcmd',
      xid: text(g, 'xid'),
      state: text(g, 'state'),
      reason: text(g, 'reason'),
    }),
  },
  {
    // Timeout XID080027F8 hier=ClaimRoot(tent)
    name: 'timeout',
    pattern: /^Timeout (?<xid>XID[0-9A-Fa-f]+) hier=(?<hier>\S+)/,
    toEvent: (g) => ({ type: 'timeout', xid: text(g, 'xid'), hier: text(g, 'hier') }),
  },
  {
    // UT:Confirmed root bumping strength  (nobody answered the claim: this phone is root)
    name: 'root-confirmed',
    pattern: /^UT:Confirmed root bumping strength/,
    toEvent: () => ({ type: 'root-confirmed' }),
  },
  {
    // @@@HROOT:XID080027F8 H=36685558 m=CP-7961G ROOT=10.106.117.68 /dnld/SCCP41.9-4-2SR2-2S.loads
    name: 'hroot',
    pattern:
      /^@@@HROOT:(?<xid>XID[0-9A-Fa-f]+) H=(?<h>\S+) m=(?<model>\S+) ROOT=(?<rootIp>\S+) (?<path>\S+)/,
    toEvent: (g) => ({
      type: 'hroot',
      xid: text(g, 'xid'),
      h: text(g, 'h'),
      model: text(g, 'model'),
      rootIp: text(g, 'rootIp'),
      path: text(g, 'path'),
      file: basename(text(g, 'path')),
    }),
  },
];
