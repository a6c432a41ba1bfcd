// Reading the parsed (fast-xml-parser) body of an AXL request without trusting its shape:
// an element may come back as a string, an object with #text and @_attributes, or an array.

export type XmlNode = Record<string, unknown>;

export function isNode(v: unknown): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The child element names of a node (not attributes, not text). */
export function childNames(node: XmlNode): string[] {
  return Object.keys(node).filter((k) => !k.startsWith('@_') && k !== '#text');
}

/** Finds a child by name; caseInsensitive for elements AXL spells two ways (Device Defaults). */
export function child(node: XmlNode, name: string, caseInsensitive = false): unknown {
  if (name in node) return node[name];
  if (!caseInsensitive) return undefined;
  const key = childNames(node).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : node[key];
}

/** The text of a leaf element: '' for an empty one, undefined if absent or not a leaf. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isNode(v) && childNames(v).length === 0) {
    const t = v['#text'];
    return typeof t === 'string' || typeof t === 'number' ? String(t) : '';
  }
  return undefined;
}

export function childText(node: XmlNode, name: string, caseInsensitive = false): string | undefined {
  return textOf(child(node, name, caseInsensitive));
}

export function attrOf(v: unknown, name: string): string | undefined {
  if (!isNode(v)) return undefined;
  const a = v[`@_${name}`];
  return typeof a === 'string' ? a : undefined;
}
