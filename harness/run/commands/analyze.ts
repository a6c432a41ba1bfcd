// `pfslab analyze`: captures and console logs of a PFS upgrade in, per-file trees, roles,
// WAN bytes and violations out. Exit 0: no violation; 1: violations; 2: bad input; 3:
// nothing to analyse (the evidence was read, and none of it shows a PFS upgrade: no verdict).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabFacts } from '../../pfs/inventory.ts';
import type { CaptureSummary } from '../../evidence/pcap/types.ts';
import { CaptureError, readCapture } from '../../evidence/pcap/index.ts';
import { analyzePfs } from '../../pfs/analyze.ts';
import { renderText } from '../../pfs/render/text.ts';
import { renderJson } from '../../pfs/render/json.ts';
import { renderTreeSvg, svgFileName } from '../../pfs/render/svg.ts';
import { LabError, SecretError, factsFromLab, loadLab } from '../../lab/index.ts';
import { BadInputError, collectLogs } from './collect-logs.ts';

export interface AnalyzeOptions {
  lab?: string;
  pcap: string[];
  logs: string[];
  json: boolean;
  svg?: string;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_NOTHING_TO_ANALYSE = 3;

export async function runAnalyze(opts: AnalyzeOptions, io: Io): Promise<number> {
  if (opts.pcap.length === 0 && opts.logs.length === 0) {
    io.err('pfslab analyze: nothing to analyse; give --pcap FILE and/or --logs DIR|FILE\n');
    return EXIT_BAD_INPUT;
  }
  let facts: LabFacts | undefined;
  const captures: CaptureSummary[] = [];
  try {
    if (opts.lab !== undefined) facts = factsFromLab(await loadLab(opts.lab));
    for (const file of opts.pcap) captures.push(await readCapture(file));
    const logs = await collectLogs(opts.logs, facts);
    const result = analyzePfs({ captures, logs }, facts);
    io.out(opts.json ? renderJson(result) : renderText(result));
    if (opts.svg !== undefined) {
      await mkdir(opts.svg, { recursive: true });
      for (const tree of result.files) await writeFile(path.join(opts.svg, svgFileName(tree)), await renderTreeSvg(tree));
      if (!opts.json) io.out(`SVG trees written to ${opts.svg}/ (${result.files.length})\n`);
    }
    if (result.nothingToAnalyse) {
      io.err(`pfslab analyze: nothing to analyse, no verdict:\n${result.nothingToAnalyse.reasons.map((r) => `  ${r}\n`).join('')}`);
      return EXIT_NOTHING_TO_ANALYSE;
    }
    return result.violations.length > 0 ? EXIT_VIOLATIONS : EXIT_OK;
  } catch (e) {
    if (isBadInput(e)) {
      io.err(`pfslab analyze: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw e;
  }
}

/**
 * Errors that describe the user's input (a capture, a log, a lab description, a missing
 * file), not a bug in pfslab: those exit 2 with their message; anything else is a crash.
 */
function isBadInput(e: unknown): e is Error {
  const errno = e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).syscall !== undefined;
  return e instanceof BadInputError || e instanceof CaptureError || e instanceof LabError || e instanceof SecretError || errno;
}
