// What a lab health check found (LAVA's health check, for this lab): one row per device and
// check, in three states. 'settling' is what a lab that is still busy shows (a phone booting or
// upgrading, its console log still growing): worth waiting for. 'bad' does not go away by
// waiting (a port switched off, a load the lab does not know, another run's capture): the run
// stops at once. 'unknown' is evidence that could not be had; it is never taken for 'ok'.
import { sanitizeForTerminal } from './terminal-text.ts';

export type HealthState = 'ok' | 'settling' | 'bad' | 'unknown';

export interface HealthRow {
  /** A phone's name, 'cucm', 'journal', a capture's name. */
  device: string;
  /** What was checked: power, web, load, console, settings, captures. */
  check: string;
  state: HealthState;
  /** What the evidence said (address, load, bytes, age), or why there is none. */
  detail: string;
}

export interface HealthReport {
  rows: HealthRow[];
  /** Every row is ok. */
  healthy: boolean;
  /** Some row is bad: waiting will not help. */
  hopeless: boolean;
  at: Date;
}

export function healthReport(rows: HealthRow[], at = new Date()): HealthReport {
  return { rows, healthy: rows.every((r) => r.state === 'ok'), hopeless: rows.some((r) => r.state === 'bad'), at };
}

/** The rows that are not ok, one line each ("SEP... console: settling: log0.log grew 412 bytes 1.2 s ago"). */
export function problems(report: HealthReport): string[] {
  return report.rows.filter((r) => r.state !== 'ok').map((r) => `${r.device} ${r.check}: ${r.state}: ${sanitizeForTerminal(r.detail)}`);
}

/** The devices that are not ok, each named once, in row order. */
export function devicesNotOk(report: HealthReport): string[] {
  return [...new Set(report.rows.filter((r) => r.state !== 'ok').map((r) => r.device))];
}

export function renderHealthTable(report: HealthReport): string {
  const rows = report.rows.map((r) => [r.device, r.check, r.state === 'ok' ? 'ok' : r.state.toUpperCase(), sanitizeForTerminal(r.detail)]);
  const head = ['device', 'check', 'state', 'detail'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}
