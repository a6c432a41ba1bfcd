// The PFS lines a 79xx root phone writes, as published (pfs-reference.md §3). Each entry
// reads one record's text (after repairs, wrapped lines joined with a space). The
// transaction id is kept as logged, label included (xid "XID080027F8"), so it can be
// searched for in the log as is.
// Fields whose meaning is unknown (map, strength, H) are kept as the hex/text written.
import type { ConsoleDialectEntry, PatternGroups, PfsEventBody } from '../dialect.ts';

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
    // Every field is checked: a ROOT that is not an IPv4 address or a path that names no file
    // must not become a phone or a file; such a line is reported as not understood.
    name: 'hroot',
    pattern:
      /^@@@HROOT:(?<xid>XID[0-9A-Fa-f]+) H=(?<h>\S+) m=(?<model>\S+) ROOT=(?<rootIp>\S+) (?<path>\S+)/,
    toEvent: (g) => {
      const problem = hrootProblem(g);
      if (problem !== undefined) return notUnderstood('HROOT line', problem);
      return {
        type: 'hroot',
        xid: text(g, 'xid'),
        h: text(g, 'h'),
        model: text(g, 'model'),
        rootIp: text(g, 'rootIp'),
        path: text(g, 'path'),
        file: basename(text(g, 'path')),
      };
    },
  },
  {
    // Any other line that starts like a root line: its fields are not where the published line has them.
    name: 'hroot-unreadable',
    pattern: /^@@@HROOT\b/,
    toEvent: () => notUnderstood('HROOT line', 'expected "@@@HROOT:XID<hex> H=<..> m=<model> ROOT=<IPv4> <path of a file>"'),
  },
];

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
/** A file name as TFTP serves it: name and extension, no '=' (a field) and no spaces. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*\.[A-Za-z0-9]+$/;
/** CUCM's product names as m= writes them (CP-7961G, CP-7971G-GE). */
const MODEL = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

function hrootProblem(g: PatternGroups): string | undefined {
  const root = text(g, 'rootIp');
  if (!IPV4.test(root)) return `ROOT=${shown(root)} is not an IPv4 address`;
  const path = text(g, 'path');
  if (!FILE_NAME.test(basename(path))) return `${shown(path)} is not the path of a file`;
  if (!MODEL.test(text(g, 'model'))) return `m=${shown(text(g, 'model'))} is not a phone model`;
  return undefined;
}

/** A line of a known kind whose fields could not be read: kept as evidence, never as a fact. */
function notUnderstood(what: string, why: string): PfsEventBody {
  return { type: 'other', name: NOT_UNDERSTOOD, fields: { what, why } };
}

/** Field text quoted in a reason: printable ASCII only, and short. */
function shown(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean;
}

/** The `name` of the 'other' event a dialect gives a line of a known kind it could not read. */
export const NOT_UNDERSTOOD = 'not-understood';
