// Syslog as evidence: the receiver (pfslab as the lab's log server), the evidence files it
// writes, reading them back as console logs, and the cross-check with web-collected logs.
export { parseSyslogDatagram } from './frame.ts';
export type { Framing, FrameResult, SyslogFrame } from './frame.ts';
export { EvidenceFormatError, escapeText, formatEvidenceLine, parseEvidenceLine } from './evidence-line.ts';
export type { EvidenceLine } from './evidence-line.ts';
export { DEFAULT_SYSLOG_LIMITS, safeStem, SyslogReceiver } from './receiver.ts';
export type { DropReason, Identify, SenderIdentity, SenderStats, SyslogLimits, SyslogReceiverOptions, SyslogSummary } from './receiver.ts';
export { consoleLineOf, parseSyslogEvidence, readSyslogEvidence, syslogAsConsoleLog } from './read.ts';
export type { SyslogDatagram, SyslogEvidence } from './read.ts';
export { agrees, crossCheckPhone, linesOf } from './cross-check.ts';
export type { LineRef, PhoneCrossCheck } from './cross-check.ts';
export { renderCrossCheck } from './render.ts';
