// What a caller may change about parsing: the dialect (the table of PFS line patterns).
import { compileDialect } from './dialect.ts';
import type { CompiledDialect, ConsoleDialectEntry } from './dialect.ts';
import { cisco79xxDialect } from './dialects/cisco-79xx.ts';

export interface ConsoleParseOptions {
  /** Replaces the published 79xx dialect (default: cisco79xxDialect). */
  dialect?: readonly ConsoleDialectEntry[];
  /**
   * Tried after the dialect's own entries, e.g. the virtual lab's child-side lines. The
   * first entry that matches a record gives its event.
   */
  extraDialect?: readonly ConsoleDialectEntry[];
}

export function dialectOf(options: ConsoleParseOptions): CompiledDialect {
  const base = options.dialect ?? cisco79xxDialect;
  const extra = options.extraDialect ?? [];
  return compileDialect(extra.length === 0 ? base : [...base, ...extra]);
}
