import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { LAB_SCHEMA_PATH, labJsonSchemaText } from '../../harness/lab/emit-json-schema.ts';

describe('labs/lab.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` to refresh it)', async () => {
    assert.equal(await readFile(LAB_SCHEMA_PATH, 'utf8'), labJsonSchemaText());
  });

  it('is strict and carries field help for editors', () => {
    const schema = JSON.parse(labJsonSchemaText()) as {
      additionalProperties: boolean;
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string; pattern?: string }> }>;
    };
    assert.equal(schema.additionalProperties, false);
    const password = schema.properties.cucm?.properties?.password;
    assert.match(password?.description ?? '', /Inline secrets are rejected/);
    assert.ok(password?.pattern?.startsWith('^(env:'));
    assert.match(schema.properties.faults?.description ?? '', /fault switches/);
  });
});
