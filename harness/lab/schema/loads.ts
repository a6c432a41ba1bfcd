// Which firmware load each model must run, and the component files it is made of. Either
// written inline (id + files with sizes) or read from a .loads manifest (file names and the
// load id come from the manifest; sizes, which a .loads file does not carry, from here).
// An entry may name a baseline too: the load its phones are brought back to between
// upgrades, written the same two ways.

import { z } from 'zod';
import { MODEL_NAMES, PFS_MODELS } from '../../formats/phone-models.ts';
import { positiveInt } from './common.ts';

export const LOAD_FAMILIES: readonly string[] = [...new Set(PFS_MODELS.map((m) => m.loadPrefix))];

export const LOAD_ID = /^[A-Za-z]+\d{2}\.[A-Za-z0-9][A-Za-z0-9-]*$/;
const COMPONENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const ComponentFileSchema = z
  .strictObject({
    name: z.string().regex(COMPONENT_NAME, 'expected a TFTP file name, e.g. apps41.9-4-2ES26.sbn').describe('Component file name as fetched by TFTP'),
    size: positiveInt('Size in bytes (of the real file; a virtual lab scales it by sizeScale)'),
  })
  .describe('A component file of the load');

/** The fields that say which load it is and what it is made of: shared by a target and its baseline. */
const loadSourceShape = {
  id: z.string().regex(LOAD_ID, 'expected a load id, e.g. SCCP41.9-4-2SR2-2S').optional().describe('Load id (the .loads file name without .loads); with loadsFile: must match the file'),
  files: z.array(ComponentFileSchema).min(1).optional().describe('Component files in the order the phone fetches them (inline form)'),
  loadsFile: z.string().min(1).optional().describe('Path of a .loads manifest, relative to this lab file (manifest form)'),
  sizes: z
    .record(z.string().regex(COMPONENT_NAME, 'expected a component file name'), positiveInt('Size in bytes'))
    .optional()
    .describe('Size in bytes of each component the manifest names (manifest form)'),
};

interface LoadSourceFields {
  id?: string | undefined;
  files?: { name: string; size: number }[] | undefined;
  loadsFile?: string | undefined;
  sizes?: Record<string, number> | undefined;
}

/** One of the two forms, complete: inline (id + files) or manifest (loadsFile + sizes). */
function checkLoadSource(l: LoadSourceFields, ctx: z.RefinementCtx): void {
  if (l.loadsFile === undefined) {
    if (l.id === undefined) ctx.addIssue({ code: 'custom', path: ['id'], message: 'required (or give loadsFile and sizes)' });
    if (l.files === undefined) ctx.addIssue({ code: 'custom', path: ['files'], message: 'required (or give loadsFile and sizes)' });
    if (l.sizes !== undefined) ctx.addIssue({ code: 'custom', path: ['sizes'], message: 'sizes go with loadsFile; inline files carry their own size' });
  } else {
    if (l.files !== undefined) ctx.addIssue({ code: 'custom', path: ['files'], message: 'give either files (inline) or loadsFile, not both' });
    if (l.sizes === undefined) ctx.addIssue({ code: 'custom', path: ['sizes'], message: 'required with loadsFile: a .loads file names the components but not their sizes' });
  }
  const seen = new Set<string>();
  l.files?.forEach((f, i) => {
    if (seen.has(f.name)) ctx.addIssue({ code: 'custom', path: ['files', i, 'name'], message: `${f.name} is listed twice` });
    seen.add(f.name);
  });
}

export const BaselineLoadSchema = z
  .strictObject(loadSourceShape)
  .superRefine(checkLoadSource)
  .describe(
    'The load phones of these models are brought back to between upgrades (same family as the target, another id, other component names); inline (id + files) or manifest (loadsFile + sizes)',
  );

export const LoadSchema = z
  .strictObject({
    models: z
      .array(z.enum([...MODEL_NAMES, ...LOAD_FAMILIES] as [string, ...string[]]))
      .min(1)
      .describe('Models that run this load: model names (CP-7961G) or load families (SCCP41 = every model of the family)'),
    ...loadSourceShape,
    baseline: BaselineLoadSchema.optional(),
  })
  .superRefine(checkLoadSource)
  .describe('A firmware load and the models that run it');
