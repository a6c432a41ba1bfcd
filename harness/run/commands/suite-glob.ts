// `pfslab run --suite GLOB`: which suite files a glob names. Node 20's path.matchesGlob is
// experimental and warns on every use, and a glob of suite paths needs only *, **, ? and
// {a,b}: converted to a regular expression here rather than adding a dependency.
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // "**/" matches any number of directories, also none.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',' && re.lastIndexOf('(?:') > re.lastIndexOf(')')) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Suite files (paths like suites/bugs/X.spec.ts) matching the glob, given with or without "suites/". */
export function matchSuites(files: readonly string[], glob: string | undefined): string[] {
  if (glob === undefined) return [...files];
  const re = globToRegExp(glob);
  return files.filter((f) => re.test(f) || re.test(f.replace(/^suites\//, '')));
}
