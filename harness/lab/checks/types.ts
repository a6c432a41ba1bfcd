// The result of a cross-check: a problem at a data path. The loader turns the path into a
// line:col of the YAML (anchor 'key' pins it on the key, e.g. for a field not allowed here).

export interface PathIssue {
  path: (string | number)[];
  message: string;
  anchor?: 'key' | 'value';
}
