// Where two JSON-like values differ, as readable paths ("records[17].outOfOrder: expected
// true, got false"), so a golden-file failure points at the record and field at once.

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function deepDiff(expected: unknown, actual: unknown, path = '$', out: string[] = []): string[] {
  if (Object.is(expected, actual)) return out;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      if (i >= expected.length) out.push(`${path}[${i}]: unexpected ${show(actual[i])}`);
      else if (i >= actual.length) out.push(`${path}[${i}]: missing, expected ${show(expected[i])}`);
      else deepDiff(expected[i], actual[i], `${path}[${i}]`, out);
    }
    return out;
  }
  if (isObject(expected) && isObject(actual) && !Array.isArray(expected) && !Array.isArray(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!(key in actual)) out.push(`${path}.${key}: missing, expected ${show(expected[key])}`);
      else if (!(key in expected)) out.push(`${path}.${key}: unexpected ${show(actual[key])}`);
      else deepDiff(expected[key], actual[key], `${path}.${key}`, out);
    }
    return out;
  }
  out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
