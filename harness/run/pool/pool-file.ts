// A pool file: the labs one site's runners share, in the order a run tries them.
//   # pools/site-a.yaml
//   labs:
//     - ../labs/site-a-7945.yaml      # relative to the pool file
//     - ../labs/site-a-7975.yaml
//   badAfter: 3                       # health checks failed in a row before a lab is bad (default 3)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadLab } from '../../lab/index.ts';
import type { LoadedLab } from '../../lab/index.ts';
import { DEFAULT_BAD_AFTER } from '../../lab/lease-store/index.ts';

const PoolSchema = z.strictObject({
  labs: z.array(z.string().min(1)).min(1, 'a pool lists at least one lab file'),
  badAfter: z.number().int().min(1).max(100).optional(),
});

export interface Pool {
  file: string;
  labs: LoadedLab[];
  badAfter: number;
}

export class PoolFileError extends Error {
  override readonly name = 'PoolFileError';
}

/** Reads a pool and every lab it lists; a broken lab file throws its LabError (file:line:col). */
export async function loadPool(file: string): Promise<Pool> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new PoolFileError(`${file}: cannot read the pool file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new PoolFileError(`${file}: not YAML: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
  const parsed = PoolSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new PoolFileError(`${file}: ${i?.path.join('.') || '(top)'}: ${i?.message ?? 'invalid'}; expected "labs: [lab files]" and optionally "badAfter: N"`);
  }
  const labs: LoadedLab[] = [];
  for (const rel of parsed.data.labs) labs.push(await loadLab(path.resolve(path.dirname(file), rel)));
  const names = labs.map((l) => l.spec.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new PoolFileError(`${file}: lab name '${dup}' appears twice; a lease is per lab name, so each lab of a pool needs its own name`);
  return { file, labs, badAfter: parsed.data.badAfter ?? DEFAULT_BAD_AFTER };
}
