// Finds the keys a strict object allows at a data path, by walking the zod schema the way
// the data goes (through optional/default wrappers, arrays and unions). Used only to say
// "did you mean ...?" for an unknown key; when the walk gets lost it answers undefined.

import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: readonly z.ZodType[];
  discriminator?: string;
  valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** Strips wrappers, and picks the union option that fits `data` best. */
function settle(schema: z.ZodType, data: unknown): z.ZodType {
  let current = schema;
  for (let hops = 0; hops < 32; hops++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'union' && def.options) {
      const picked = pickOption(def, data);
      if (!picked) return current;
      current = picked;
    } else return current;
  }
  return current;
}

function pickOption(def: Def, data: unknown): z.ZodType | undefined {
  const options = def.options ?? [];
  if (def.discriminator && data !== null && typeof data === 'object') {
    const wanted = (data as Record<string, unknown>)[def.discriminator];
    const match = options.find((o) => o.safeParse(data).success || discriminatorAccepts(o, def.discriminator ?? '', wanted));
    if (match) return match;
  }
  // Without a discriminator: the first object option (our unions of objects are discriminated).
  return options.find((o) => defOf(settleShallow(o)).type === 'object');
}

function discriminatorAccepts(option: z.ZodType, key: string, value: unknown): boolean {
  const shape = defOf(settleShallow(option)).shape;
  const field = shape?.[key];
  return field ? field.safeParse(value).success : false;
}

function settleShallow(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let hops = 0; hops < 32; hops++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
  return current;
}

export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  let value = data;
  for (const part of path) {
    if (!current) return undefined;
    const def = defOf(settle(current, value));
    if (def.type === 'object' && def.shape && typeof part === 'string') current = def.shape[part];
    else if (def.type === 'array' && typeof part === 'number') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  }
  if (!current) return undefined;
  const def = defOf(settle(current, value));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/**
 * Every value in `data` whose schema satisfies `isTarget`, with its path: walks schema and
 * data together (objects by the keys present, arrays by element, unions by the option the
 * data fits). Used to list every secret reference of a lab without a hand-kept list.
 */
export function findFields(
  schema: z.ZodType,
  data: unknown,
  isTarget: (schema: z.ZodType) => boolean,
  path: (string | number)[] = [],
): { path: (string | number)[]; value: unknown }[] {
  if (data === undefined) return [];
  if (isTarget(schema) || isTarget(settleShallow(schema))) return [{ path, value: data }];
  const settled = settle(schema, data);
  if (isTarget(settled)) return [{ path, value: data }];
  const def = defOf(settled);
  if (def.type === 'object' && def.shape && data !== null && typeof data === 'object') {
    const shape = def.shape;
    return Object.entries(data as Record<string, unknown>).flatMap(([key, value]) => {
      const field = shape[key];
      return field ? findFields(field, value, isTarget, [...path, key]) : [];
    });
  }
  if (def.type === 'array' && def.element && Array.isArray(data)) {
    const element = def.element;
    return data.flatMap((value, i) => findFields(element, value, isTarget, [...path, i]));
  }
  return [];
}
