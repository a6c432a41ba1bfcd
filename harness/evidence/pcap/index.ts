// The streaming capture reader: pcap/pcapng in, PFS-relevant flows out (see types.ts).
export { readCapture } from './reader.ts';
export type { ReadCaptureOptions } from './reader.ts';
export { CaptureError } from './capture-error.ts';
export type * from './types.ts';
export { redactCaptureFile } from './redact-capture.ts';
export type { ByteMasker } from './redact-capture.ts';
