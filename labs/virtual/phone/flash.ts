// What survives a power loss: the load the phone runs and its console log files. RAM (the
// config file, downloaded components, PFS state) does not; an upgrade interrupted by a
// power loss therefore starts again from the beginning at the next boot.
import { ConsoleLog } from './console-log.ts';

export interface Flash {
  runningLoad: string;
  log: ConsoleLog;
  /** Set when the last upgrade got a component through PFS (CSCtg96408 needs to know). */
  upgradedThroughPfs: boolean;
  /** One-shot faults that have fired (parent-power-loss: the plug is pulled once, not at every boot). */
  firedFaults: Set<string>;
}

export function newFlash(initialLoad: string, logFiles?: number, logFileBytes?: number): Flash {
  return { runningLoad: initialLoad, log: new ConsoleLog(logFiles, logFileBytes), upgradedThroughPfs: false, firedFaults: new Set() };
}
