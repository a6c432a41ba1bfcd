// Maps a data path (["phones", 3, "model"]) back to the YAML node it came from, so every
// issue can say line:col. Aliases (*anchor) are followed, so an error inside a shared block
// points at the anchored definition, where the fix has to be made.

import type { Document, LineCounter, Node, Pair } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';

export interface Position {
  line: number;
  col: number;
}

/** Where to pin an issue on a node: its value, or (for an unknown key) the key itself. */
export type Anchor = 'value' | 'key';

export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * The position of the deepest existing node on `path`. For a key that is missing, that is
   * the mapping that should hold it; with anchor 'key', the key of the last segment.
   */
  locate(path: readonly PropertyKey[], anchor: Anchor = 'value'): Position {
    let node: unknown = this.doc.contents;
    let best: Node | undefined = isNodeLike(node) ? node : undefined;
    for (let i = 0; i < path.length; i++) {
      node = this.resolve(node);
      const part = path[i];
      const last = i === path.length - 1;
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p) === String(part));
        if (!pair) break;
        if (last && anchor === 'key' && isNodeLike(pair.key)) return this.pos(pair.key);
        next = pair.value;
        // A key with no value (`model:`) has a null scalar or nothing; point at the key then.
        if (!isNodeLike(next) || isEmptyScalar(next)) {
          if (isNodeLike(pair.key)) best = pair.key;
          break;
        }
      } else if (isSeq(node) && typeof part === 'number') {
        next = node.items[part];
        if (!isNodeLike(next)) break;
      } else {
        break;
      }
      node = next;
      if (isNodeLike(node)) best = node;
    }
    return best ? this.pos(best) : { line: 1, col: 1 };
  }

  private resolve(node: unknown): unknown {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < 32; hops++) current = current.resolve(this.doc);
    return current;
  }

  private pos(node: Node): Position {
    const start = node.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(start);
    return { line, col };
  }
}

function isNodeLike(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function isEmptyScalar(value: unknown): boolean {
  return isScalar(value) && value.value === null && (value.range?.[0] ?? 0) === (value.range?.[1] ?? 0);
}

function keyText(pair: Pair): string | undefined {
  if (!isPair(pair)) return undefined;
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}
