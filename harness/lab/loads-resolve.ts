// Turns the lab's `loads:` entries into Loads (id + component files with sizes): inline
// entries as written, manifest entries by reading their .loads file and pairing each
// component it names with the size given in the lab. An entry's baseline is resolved the
// same way, then checked against its target (checks/baseline-load.ts).

import { dirname, resolve } from 'node:path';
import type { LoadsManifest } from '../formats/loads-file.ts';
import { LoadsFileError, readLoadsFile } from '../formats/loads-file.ts';
import type { Load } from '../formats/load.ts';
import { modelInfo, modelsOfLoadPrefix } from '../formats/phone-models.ts';
import { checkBaselineLoad } from './checks/baseline-load.ts';
import type { PathIssue } from './checks/types.ts';
import type { LabSpec, LoadSpec } from './schema.ts';

export type LoadSource = { kind: 'inline' } | { kind: 'loadsFile'; path: string; manifest: LoadsManifest };

export interface ResolvedLoad {
  /** Index in the lab's loads: list. */
  index: number;
  /** Model names, family prefixes expanded (SCCP41 -> CP-7941G, CP-7961G, ...). */
  models: string[];
  /** The target load. Sizes are the real files' sizes; a virtual lab scales them when it serves them. */
  load: Load;
  source: LoadSource;
  /** The load these models are brought back to between upgrades, when the lab names one. */
  baseline?: Load;
}

/** The fields a target and a baseline share (either form). */
type LoadSourceSpec = Pick<LoadSpec, 'id' | 'files' | 'loadsFile' | 'sizes'>;
type Path = (string | number)[];

export async function resolveLoads(spec: LabSpec, labFile: string): Promise<{ loads: ResolvedLoad[]; issues: PathIssue[] }> {
  const issues: PathIssue[] = [];
  const loads: ResolvedLoad[] = [];
  const labDir = dirname(resolve(labFile));
  for (const [index, entry] of spec.loads.entries()) {
    const models = [...new Set(entry.models.flatMap((m) => (modelInfo(m) ? [m] : modelsOfLoadPrefix(m))))];
    const target = await resolveLoadSource(entry, ['loads', index], labDir, issues);
    if (!target) continue;
    const resolved: ResolvedLoad = { index, models, ...target };
    if (entry.baseline !== undefined) {
      const at: Path = ['loads', index, 'baseline'];
      const baseline = await resolveLoadSource(entry.baseline, at, labDir, issues);
      if (baseline) {
        const found = checkBaselineLoad(target.load, baseline.load, entry.baseline, at);
        issues.push(...found);
        if (found.length === 0) resolved.baseline = baseline.load;
      }
    }
    loads.push(resolved);
  }
  issues.push(...checkLoadModels(spec, loads));
  return { loads, issues };
}

/** One load as the lab writes it (inline or manifest form) -> Load, or undefined with issues under `at`. */
async function resolveLoadSource(entry: LoadSourceSpec, at: Path, labDir: string, issues: PathIssue[]): Promise<{ load: Load; source: LoadSource } | undefined> {
  if (entry.loadsFile === undefined) return { load: { id: entry.id ?? '', files: entry.files ?? [] }, source: { kind: 'inline' } };
  const path = resolve(labDir, entry.loadsFile);
  let manifest: LoadsManifest;
  try {
    manifest = await readLoadsFile(path);
  } catch (e) {
    const message = e instanceof LoadsFileError ? e.message.replace(path, entry.loadsFile) : String(e);
    issues.push({ path: [...at, 'loadsFile'], message });
    return undefined;
  }
  if (entry.id !== undefined && entry.id !== manifest.loadId) {
    issues.push({ path: [...at, 'id'], message: `${entry.loadsFile} is load ${manifest.loadId}, not ${entry.id}` });
  }
  const sizes = entry.sizes ?? {};
  const unsized = manifest.components.filter((name) => sizes[name] === undefined);
  if (unsized.length > 0) {
    issues.push({ path: [...at, 'sizes'], message: `no size for ${unsized.join(', ')} (listed in ${entry.loadsFile})` });
  }
  for (const name of Object.keys(sizes)) {
    if (!manifest.components.includes(name)) {
      issues.push({
        path: [...at, 'sizes', name],
        anchor: 'key',
        message: `${name} is not a component of ${manifest.loadId} (${entry.loadsFile} lists ${manifest.components.join(', ')})`,
      });
    }
  }
  const files = manifest.components.map((name) => ({ name, size: sizes[name] ?? 0 }));
  return { load: { id: manifest.loadId, files }, source: { kind: 'loadsFile', path, manifest } };
}

/** A model must run its own family's load, and only one load per model. */
function checkLoadModels(spec: LabSpec, loads: ResolvedLoad[]): PathIssue[] {
  const issues: PathIssue[] = [];
  const owner = new Map<string, ResolvedLoad>();
  for (const resolved of loads) {
    const entry = spec.loads[resolved.index];
    const idDigits = /^[A-Za-z]+(\d{2})\./.exec(resolved.load.id)?.[1];
    entry?.models.forEach((named, j) => {
      const expanded = modelInfo(named) ? [named] : modelsOfLoadPrefix(named);
      for (const model of expanded) {
        const info = modelInfo(model);
        if (info && idDigits && info.familyDigits !== idDigits) {
          issues.push({
            path: ['loads', resolved.index, 'models', j],
            message: `${model} runs ${info.loadPrefix} loads (family ${info.familyDigits}); ${resolved.load.id} is for family ${idDigits}`,
          });
          break;
        }
        const earlier = owner.get(model);
        if (earlier && earlier !== resolved) {
          issues.push({ path: ['loads', resolved.index, 'models', j], message: `${model} already has a load: loads[${earlier.index}] (${earlier.load.id})` });
          break;
        }
        owner.set(model, resolved);
      }
    });
  }
  return issues;
}
