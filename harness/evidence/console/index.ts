// Public API of the 79xx console log parser and its PFS events.
export { parseConsoleLog, readConsoleLog, decodeConsoleBytes } from './parse.ts';
export { ConsoleLogStream, parseConsoleLogStream } from './stream.ts';
export type { ConsoleLogDelta, ConsoleStreamOptions } from './stream.ts';
export type { ConsoleParseOptions } from './options.ts';
export { compileDialect, literalFirstChar } from './dialect.ts';
export type { ConsoleDialectEntry, PatternGroups, PfsEventBody } from './dialect.ts';
export { cisco79xxDialect, NOT_UNDERSTOOD } from './dialects/cisco-79xx.ts';
export { RAW_REASONS } from './assembler.ts';
export type * from './types.ts';
