// Types of eslint.layers.js for the TypeScript that imports it (test/lint/layers.test.ts).
import type { Linter } from 'eslint';

export interface LayerZone {
  /** Folders or files (repo-relative, ./...) whose imports the zone restricts. */
  target: string | string[];
  /** What they may not import. */
  from: string | string[];
  message: string;
}

export declare const LAYER_ZONES: LayerZone[];
declare const layers: Linter.Config[];
export default layers;
