// Writes labs/lab.schema.json from the zod schema, so editors (yaml-language-server, via the
// `# yaml-language-server: $schema=./lab.schema.json` line atop each lab) complete keys and
// show each field's description. `npm run schema` regenerates it; a test fails when the
// committed file differs from a fresh emission, so it cannot go stale.

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { PFSLAB_ROOT } from './repo-paths.ts';
import { LabSchema } from './schema.ts';

export const LAB_SCHEMA_PATH = resolve(PFSLAB_ROOT, 'labs', 'lab.schema.json');

export function labJsonSchemaText(): string {
  // io: 'input' describes what a person writes (fields with defaults are optional).
  // draft-7: the draft yaml-language-server and most editors support fully.
  const schema = z.toJSONSchema(LabSchema, { io: 'input', target: 'draft-7' });
  const { $schema, ...rest } = schema;
  const withId = { $schema, $id: 'https://pfslab.invalid/labs/lab.schema.json', title: 'pfslab lab description', ...rest };
  return `${JSON.stringify(withId, null, 2)}\n`;
}

export async function emitLabJsonSchema(path = LAB_SCHEMA_PATH): Promise<void> {
  await writeFile(path, labJsonSchemaText());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await emitLabJsonSchema();
  console.log(`wrote ${LAB_SCHEMA_PATH}`);
}
