// The run's environment (lab, CUCM version, loads, models) as Allure 3 reads it natively:
// an Allure 2 style environment.properties in the results directory, which the report shows
// as its Environment widget (widgets/allure_environment.json in the generated report).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redact } from '../../lab/index.ts';

export const ENVIRONMENT_FILE = 'environment.properties';

export async function writeEnvironment(resultsDir: string, environment: Record<string, string>): Promise<string> {
  const file = path.join(resultsDir, ENVIRONMENT_FILE);
  const lines = Object.entries(environment).map(([k, v]) => `${escapeKey(k)}=${escapeValue(redact(v))}`);
  await writeFile(file, `${lines.join('\n')}\n`, 'utf8');
  return file;
}

// java.util.Properties escaping: separators and spaces in keys, line breaks and backslashes
// everywhere, a leading space in a value; non-ASCII as \uXXXX so the file is plain ASCII.
function escapeKey(key: string): string {
  return escapeCommon(key).replace(/[ =:#!]/g, (c) => `\\${c}`);
}

function escapeValue(value: string): string {
  return escapeCommon(value).replace(/^ /, '\\ ');
}

function escapeCommon(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
