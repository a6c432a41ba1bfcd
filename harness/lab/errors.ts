// Lab description errors: every problem found, each pinned to a line and column of the YAML
// so an editor (or a CI log) can jump to it. One LabError carries them all, because fixing
// a lab one error per run is slow and teaches nothing.

export interface LabIssue {
  file: string;
  /** 1-based; 0 when the problem has no place in the file (e.g. the file cannot be read). */
  line: number;
  col: number;
  /** Dotted path with [i] indices, e.g. phones[3].model; "" for the whole file. */
  path: string;
  message: string;
}

/** `file:line:col path: message`, the form compilers use, so editors make it a link. */
export function formatIssue(issue: LabIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
}

export function sortIssues(issues: LabIssue[]): LabIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.col - b.col || a.path.localeCompare(b.path));
}

export class LabError extends Error {
  readonly issues: readonly LabIssue[];

  constructor(issues: LabIssue[]) {
    const sorted = sortIssues(issues);
    super(sorted.map(formatIssue).join('\n'));
    this.name = 'LabError';
    this.issues = sorted;
  }
}

/** A path as people write it: phones[3].console.ssh.login[0].expect */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    // A key that is not a plain word (a file name under sizes:) is quoted, so its dots stay its own.
    else if (!/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(String(part))) out += `[${JSON.stringify(String(part))}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
