// GET, SET and walk over one switch's sessions, as promises that either give values or
// throw a PoeError naming the switch, the port and what was being done. Timeouts and
// retries are net-snmp's (per request, from the lab's timeoutMs and retries).
import * as snmp from 'net-snmp';
import { classify, PoeError, varbindFailure } from './errors.ts';
import type { SwitchSessions } from './snmp-session.ts';

/** Who a request is for, so that a failure can say it. */
export interface RequestLabel {
  /** The port as people read it ('' for switch-wide requests). */
  port: string;
  /** e.g. "GET pethPsePortDetectionStatus". */
  operation: string;
}

export class SnmpClient {
  constructor(
    readonly switchName: string,
    private readonly sessions: SwitchSessions,
  ) {}

  /** The integer values of the given instance OIDs, in order. */
  async getIntegers(oids: string[], label: RequestLabel): Promise<number[]> {
    const varbinds = await this.request(label, (cb) => this.sessions.read.get(oids, cb));
    return varbinds.map((vb) => this.integerOf(vb, label));
  }

  /** Like getIntegers, but an object the agent does not have (noSuchObject ...) reads undefined. */
  async getOptionalIntegers(oids: string[], label: RequestLabel): Promise<(number | undefined)[]> {
    const varbinds = await this.request(label, (cb) => this.sessions.read.get(oids, cb));
    return varbinds.map((vb) => (snmp.isVarbindError(vb) ? undefined : this.integerOf(vb, label)));
  }

  /** SETs INTEGER values; resolves once the agent has accepted all of them (one PDU). */
  async setIntegers(values: { oid: string; value: number }[], label: RequestLabel): Promise<void> {
    const varbinds = values.map(({ oid, value }) => ({ oid, type: snmp.ObjectType.Integer, value }));
    const echoed = await this.request(label, (cb) => this.sessions.write.set(varbinds, cb));
    for (const vb of echoed) this.integerOf(vb, label);
  }

  /** Every varbind under `oid` (GetBulk walk, stops at the end of the subtree). */
  walk(oid: string, label: RequestLabel): Promise<snmp.Varbind[]> {
    const all: snmp.Varbind[] = [];
    return new Promise((resolve, reject) => {
      this.sessions.read.subtree(
        oid,
        20,
        (varbinds) => {
          all.push(...varbinds);
        },
        (error) => (error === null ? resolve(all) : reject(this.failure(label, error))),
      );
    });
  }

  close(): void {
    try {
      this.sessions.close();
    } catch {
      // Already closed: close() is idempotent for callers.
    }
  }

  private request(label: RequestLabel, send: (cb: snmp.GetSetCallback) => void): Promise<snmp.Varbind[]> {
    return new Promise((resolve, reject) => {
      try {
        send((error, varbinds) => (error === null ? resolve(varbinds ?? []) : reject(this.failure(label, error))));
      } catch (error) {
        // net-snmp throws synchronously on a closed session or a malformed OID.
        reject(this.failure(label, error));
      }
    });
  }

  private integerOf(vb: snmp.Varbind, label: RequestLabel): number {
    const failed = varbindFailure(vb);
    if (failed !== undefined) throw new PoeError(this.switchName, label.port, label.operation, failed.kind, failed.detail);
    if (typeof vb.value !== 'number') {
      throw new PoeError(this.switchName, label.port, label.operation, 'unexpected value', `${vb.oid} is not an INTEGER`);
    }
    return vb.value;
  }

  private failure(label: RequestLabel, error: unknown): PoeError {
    const { kind, detail } = classify(error);
    return new PoeError(this.switchName, label.port, label.operation, kind, detail);
  }
}
