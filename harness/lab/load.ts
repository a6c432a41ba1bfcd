// loadLab: YAML text -> validated, cross-checked lab, or a LabError with every problem at
// its line:col. Stages stop at the first stage that fails (a schema-invalid lab cannot be
// cross-checked meaningfully), but each stage reports all it finds.

import { InputFileError, readBoundedText } from '../io/bounded-file.ts';
import { LineCounter, parseDocument } from 'yaml';
import type { LabIssue } from './errors.ts';
import { formatPath, LabError } from './errors.ts';
import { crossCheck } from './cross-checks.ts';
import type { PathIssue } from './cross-checks.ts';
import type { ResolvedLoad } from './loads-resolve.ts';
import { resolveLoads } from './loads-resolve.ts';
import type { LabSpec } from './schema.ts';
import { LabSchema } from './schema.ts';
import type { SecretField } from './secret-fields.ts';
import { secretFieldsOf } from './secret-fields.ts';
import type { Position } from './yaml-positions.ts';
import { YamlLocator } from './yaml-positions.ts';
import { aliasIssues } from './yaml-aliases.ts';
import { labIssuesFromZod } from './zod-issues.ts';

export interface LoadedLab {
  /** The path as given to loadLab (issues and messages use it as is). */
  file: string;
  spec: LabSpec;
  /** The loads: entries resolved to load ids and component files (real sizes). */
  loads: ResolvedLoad[];
  /** Every secret reference in the lab, with its path; resolve them with resolveSecret(). */
  secrets: SecretField[];
  /** Where a data path is in the YAML, for errors found later (e.g. a switch that does not answer). */
  locate(path: readonly (string | number)[]): Position;
}

export async function loadLab(file: string): Promise<LoadedLab> {
  let text: string;
  try {
    text = await readBoundedText(file, 'lab file');
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    throw new LabError([{ file, line: 0, col: 0, path: '', message: e.reason }]);
  }
  return parseLab(text, file);
}

/** The same as loadLab for text already in memory; `file` names it in issues and anchors loadsFile paths. */
export async function parseLab(text: string, file: string): Promise<LoadedLab> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new LabError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, path: '', message: `YAML: ${e.message.split('\n')[0] ?? e.code}` };
      }),
    );
  }
  const aliasProblems = aliasIssues(doc, lines, file);
  if (aliasProblems.length > 0) throw new LabError(aliasProblems);
  const locator = new YamlLocator(doc, lines);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // yaml's own alias bound, behind aliasIssues' (which names the place): still exit 2, not a crash.
    if (!(e instanceof ReferenceError)) throw e;
    throw new LabError([{ file, line: 0, col: 0, path: '', message: `YAML: ${e.message}` }]);
  }
  const parsed = LabSchema.safeParse(data);
  if (!parsed.success) {
    throw new LabError(labIssuesFromZod(parsed.error.issues, { file, data, locator, schema: LabSchema }));
  }
  const spec = parsed.data;
  const secrets = secretFieldsOf(spec);
  const { loads, issues: loadIssues } = await resolveLoads(spec, file);
  const issues = [...loadIssues, ...crossCheck(spec, { secrets, labFile: file })];
  if (issues.length > 0) throw new LabError(issues.map((i) => pinned(i, file, locator)));
  return { file, spec, loads, secrets, locate: (path) => locator.locate(path) };
}

function pinned(issue: PathIssue, file: string, locator: YamlLocator): LabIssue {
  const { line, col } = locator.locate(issue.path, issue.anchor ?? 'value');
  return { file, line, col, path: formatPath(issue.path), message: issue.message };
}
