// How a writable table column takes a SET: net-snmp calls a provider's handler twice per
// SET varbind, a test pass (every varbind of the PDU) then, if all passed, a commit pass.
// A column's writer checks the value in the test pass and applies it in the commit pass,
// so a PDU with one bad varbind changes nothing, as RFC 3416 4.2.5 requires.
//
// net-snmp defect worked around here: a column's `constraints` (enumeration, ranges) make
// the agent answer a bad value with badValue, an SNMPv1 error, to v2c and v3 managers,
// where RFC 3416 says wrongValue. The switch's columns therefore carry no constraints; the
// writers check values themselves and answer wrongValue / wrongLength / inconsistentValue.
import type { MibHandler, MibRequest } from './net-snmp-agent.ts';
import { snmp } from './net-snmp-agent.ts';

export interface ColumnWriter<Row> {
  /** The column's MIB name, for the log. */
  name: string;
  /** Test pass: the error a real agent gives for this value on this row, or undefined. */
  check(value: unknown, row: Row): snmp.ErrorStatus | undefined;
  /** Commit pass: make the value true of the row. */
  apply(value: unknown, row: Row): void;
}

/** Errors decided across varbinds of one PDU (see power-intents.ts), keyed by request. */
export type CrossVarbindVerdicts = WeakMap<MibRequest, snmp.ErrorStatus>;

/** An integer in an enumeration or range: wrongValue otherwise (wrongType is the set gate's job). */
export function integerIn(allowed: (n: number) => boolean) {
  return (value: unknown): snmp.ErrorStatus | undefined =>
    typeof value === 'number' && Number.isInteger(value) && allowed(value) ? undefined : snmp.ErrorStatus.WrongValue;
}

export function oneOf(...values: number[]): (n: number) => boolean {
  return (n) => values.includes(n);
}

export function between(min: number, max: number): (n: number) => boolean {
  return (n) => n >= min && n <= max;
}

/** The (column, index) of a table cell OID under a table entry OID, or undefined. */
export function cellOf(entryOid: string, oid: string): { column: number; index: number[] } | undefined {
  if (!oid.startsWith(`${entryOid}.`)) return undefined;
  const arcs = oid.slice(entryOid.length + 1).split('.').map(Number);
  const [column, ...index] = arcs;
  if (column === undefined || index.length === 0) return undefined;
  return { column, index };
}

export interface TableSetHandlerOptions<Row> {
  entryOid: string;
  writers: ReadonlyMap<number, ColumnWriter<Row>>;
  rowAt(index: number[]): Row | undefined;
  verdicts: CrossVarbindVerdicts;
  log(line: string): void;
}

/** The provider handler of a table whose writable columns are `writers`; GETs pass through. */
export function tableSetHandler<Row>(opts: TableSetHandlerOptions<Row>): MibHandler {
  return (request: MibRequest) => {
    if (request.operation !== snmp.PduType.SetRequest) {
      request.done();
      return;
    }
    const cell = cellOf(opts.entryOid, request.oid);
    const writer = cell === undefined ? undefined : opts.writers.get(cell.column);
    const row = cell === undefined ? undefined : opts.rowAt(cell.index);
    if (cell === undefined || writer === undefined || row === undefined) {
      // The set gate refuses these before net-snmp sees them; never reached in practice.
      request.done({ errorStatus: snmp.ErrorStatus.NotWritable });
      return;
    }
    if (request.testSet === true) {
      const status = opts.verdicts.get(request) ?? writer.check(request.setValue, row);
      request.done(status === undefined ? undefined : { errorStatus: status });
      return;
    }
    opts.log(`SET ${writer.name}.${cell.index.join('.')} = ${String(request.setValue)}`);
    writer.apply(request.setValue, row);
    request.done();
  };
}
