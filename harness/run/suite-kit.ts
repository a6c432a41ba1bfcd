// Everything a suite under suites/ imports: the lab fixture, the shared upgrade scenarios,
// phone groups, evidence attachment. Suites talk to the lab only through these (and the
// drivers they bind), never to the virtual lab's internals (design.md rule 1).
export { useLab, SuiteLab } from './fixture/use-lab.ts';
export type { LabContext, LabPhone } from './fixture/lab-context.ts';
export { attachRun } from './fixture/attach-run.ts';
export { attachFile, attachJson, attachText, CONTENT_TYPES } from './report/index.ts';
export { PARENT_POWER_LOSS, PFS_UPGRADE, TRADITIONAL_UPGRADE } from './orchestrate/scenarios.ts';
export type { UpgradeRun, UpgradeScenario } from './orchestrate/upgrade.ts';
export { largestGroup, pfsOffWitness, phoneGroups, phonesOfModels } from './orchestrate/phone-groups.ts';
export type { PhoneGroup } from './orchestrate/phone-groups.ts';
export { baselineLoadOf, targetLoadOf } from './orchestrate/loads-of.ts';
export { pointPhones, waitForConfig } from './orchestrate/set-phones.ts';
export { rebootPhones } from './orchestrate/trigger.ts';
export { waitForLoads } from './orchestrate/wait-loads.ts';
export { progressLine } from './orchestrate/progress.ts';
export { escapeText as escapeEvidence, linesOf, readSyslogEvidence, syslogAsConsoleLog, agrees as syslogAgrees } from '../evidence/syslog/index.ts';
export type { LineRef, PhoneCrossCheck } from '../evidence/syslog/index.ts';
export { readConsoleLog } from '../evidence/console/index.ts';
export { EvidenceMissingError, requireEvidence } from './orchestrate/evidence-guard.ts';
