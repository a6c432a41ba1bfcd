// `pfslab analyze`: captures and console logs of a PFS upgrade in, per-file trees, roles,
// WAN bytes and violations out. Exit 0: no violation; 1: violations; 2: bad input; 3:
// nothing to analyse (the evidence was read, and none of it shows a PFS upgrade: no verdict).
//
// Start-up counts here (`analyze` of a 1 GB capture is meant to take <= 0.5 s, process
// included): the capture reader, the analysis and the renderers are imported up front, and
// what only some options need is imported when they are given: the lab loader (YAML, zod)
// with --lab, the console log parser with --logs, the syslog reader and cross-check with
// --syslog, the output directory checks and elkjs with --svg.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as LabIndex from '../../lab/index.ts';
import type { LabFacts } from '../../pfs/inventory.ts';
import type { PhoneLog } from '../../pfs/evidence-set.ts';
import type { CaptureSummary } from '../../evidence/pcap/types.ts';
import { readCapture } from '../../evidence/pcap/reader.ts';
import { CaptureError } from '../../evidence/pcap/capture-error.ts';
import { analyzePfs } from '../../pfs/analyze.ts';
import { renderText } from '../../pfs/render/text.ts';
import { renderJson } from '../../pfs/render/json.ts';
import { BadInputError } from './bad-input.ts';

type LabModule = typeof LabIndex;

export interface AnalyzeOptions {
  lab?: string;
  pcap: string[];
  logs: string[];
  /** Syslog evidence files (pfslab's <phone>.syslog.log) or directories of them. */
  syslog?: string[];
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
  if (opts.pcap.length === 0 && opts.logs.length === 0 && (opts.syslog ?? []).length === 0) {
    io.err('pfslab analyze: nothing to analyse; give --pcap FILE, --logs DIR|FILE and/or --syslog DIR|FILE\n');
    return EXIT_BAD_INPUT;
  }
  let facts: LabFacts | undefined;
  const captures: CaptureSummary[] = [];
  // The lab loader (YAML, zod) only with --lab: without it analysis starts faster.
  let lab: LabModule | undefined;
  if (opts.svg !== undefined) {
    // Checked before anything is read: a bad --svg found after the report would hide its result.
    const { refuseOutputDir } = await import('../../io/output-dir.ts');
    const refused = await refuseOutputDir(opts.svg);
    if (refused !== undefined) {
      io.err(`pfslab analyze: --svg ${refused}\n`);
      return EXIT_BAD_INPUT;
    }
  }
  try {
    if (opts.lab !== undefined) {
      lab = await import('../../lab/index.ts');
      facts = lab.factsFromLab(await lab.loadLab(opts.lab));
    }
    for (const file of opts.pcap) captures.push(await readCapture(file));
    const logs: PhoneLog[] = opts.logs.length > 0 ? await (await import('./collect-logs.ts')).collectLogs(opts.logs, facts) : [];
    // Syslog streams are read like console logs; where a phone has both, they are cross-checked.
    const syslog = (opts.syslog ?? []).length > 0 ? await import('./syslog-logs.ts') : undefined;
    const syslogs = syslog === undefined ? [] : await syslog.readSyslogInputs(opts.syslog ?? [], facts);
    const result = analyzePfs({ captures, logs: syslog === undefined ? logs : syslog.logsForAnalysis(logs, syslogs) }, facts);
    const check = syslog !== undefined && syslogs.length > 0 ? syslog.crossCheckSyslog(syslogs, logs, facts) : undefined;
    if (opts.json) io.out(check ? `${JSON.stringify({ ...(JSON.parse(renderJson(result)) as object), syslogCrossCheck: check }, null, 2)}\n` : renderJson(result));
    else io.out(renderText(result) + (check ? `\n${(await import('../../evidence/syslog/render.ts')).renderCrossCheck(check)}` : ''));
    // No usable evidence is its own outcome, never a clean verdict.
    const status = result.nothingToAnalyse ? EXIT_NOTHING_TO_ANALYSE : result.violations.length > 0 ? EXIT_VIOLATIONS : EXIT_OK;
    if (opts.svg !== undefined) {
      try {
        await mkdir(opts.svg, { recursive: true });
        // elkjs (the layout) is loaded only when pictures are asked for.
        const { renderTreeSvg, svgFileName } = await import('../../pfs/render/svg.ts');
        for (const tree of result.files) await writeFile(path.join(opts.svg, svgFileName(tree)), await renderTreeSvg(tree));
      } catch (e) {
        // The analysis stands; its status is not hidden behind the failed pictures.
        io.err(`pfslab analyze: SVG trees not written to ${opts.svg}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        return status === EXIT_OK ? EXIT_BAD_INPUT : status;
      }
      if (!opts.json) io.out(`SVG trees written to ${opts.svg}/ (${result.files.length})\n`);
    }
    if (result.nothingToAnalyse) {
      io.err(`pfslab analyze: nothing to analyse, no verdict:\n${result.nothingToAnalyse.reasons.map((r) => `  ${r}\n`).join('')}`);
    }
    return status;
  } catch (e) {
    if (isBadInput(e, lab)) {
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
function isBadInput(e: unknown, lab: LabModule | undefined): e is Error {
  const errno = e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).syscall !== undefined;
  // A lab's errors can only come from a lab that was loaded.
  const labError = lab !== undefined && (e instanceof lab.LabError || e instanceof lab.SecretError);
  return e instanceof BadInputError || e instanceof CaptureError || labError || errno;
}
