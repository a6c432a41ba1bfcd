// The virtual lab's bring-up: the controller and what the `pfslab lab up|status|down`
// commands use. See README.md.
export { loadBuildableLab, runController, EXIT_BAD_LAB, EXIT_FAILED } from './controller.ts';
export type { ControllerOptions, Io } from './controller.ts';
export { cleanUpLab } from './cleanup.ts';
export { ENTRIES } from './device-process.ts';
export { renderEndpoints } from './endpoints.ts';
export type { LabEndpoints } from './endpoints.ts';
export { probeLab, httpGet } from './probes.ts';
export type { ProbeResult } from './probes.ts';
export { isAlive, isOurs, stopProcess, waitForExit } from './processes.ts';
export { DEFAULT_STATE_FILE, readState, removeState, writeState } from './state-file.ts';
export type { LabProcess, LabState } from './state-file.ts';
