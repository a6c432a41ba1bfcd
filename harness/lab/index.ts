// The lab description package: what the rest of the harness imports.

export { formatIssue, LabError } from './errors.ts';
export type { LabIssue } from './errors.ts';
export { factsFromLab, scaledSize } from './facts.ts';
export { loadLab, parseLab } from './load.ts';
export type { LoadedLab } from './load.ts';
export type { ResolvedLoad } from './loads-resolve.ts';
export { LabSchema, scaleFactor } from './schema.ts';
export type { CaptureSpec, FaultSpec, LabPhoneSpec, LabSpec, LoadSpec, SubnetSpec, SwitchSpec } from './schema.ts';
export { bandwidthBitsPerSecond } from './schema/network.ts';
export {
  CUCM_FAULT_IDS,
  EVIDENCE_CLAIM,
  FAULT_IDS,
  FAULT_SWITCHES,
  isCucmFault,
  isEvidenceFault,
  isFaultId,
  isFaultOn,
  isNetworkFault,
  isPhoneFault,
  PHONE_FAULT_IDS,
  phoneFaultsOf,
} from './fault-switches.ts';
export type { CucmFaultId, EvidenceFaultId, FaultId, FaultSide, FaultSwitch, NetworkFaultId, PhoneFaultId } from './fault-switches.ts';
export type { SecretField } from './secret-fields.ts';
export { redact, resolveSecret, SecretError, SecretRegistry, secretRegistry } from './secrets.ts';
export type { SecretContext, SecretRef } from './secrets.ts';
export { validateLabCommand } from './validate-command.ts';
export { JournalError, TeardownJournal, pendingEntries, replayJournal } from './journal.ts';
export type { JournalEntry, Undoer, UndoFailure, UndoStep } from './journal.ts';
export { guardExit } from './exit-guard.ts';
export type { Teardown } from './exit-guard.ts';
