// Reading and changing one element of a vendorConfig without losing the others: AXL
// replaces vendorConfig whole (pfs-reference §5), so the driver writes back everything it read.
// vendorConfig is xsd:any and may nest (a product's structured parameter, depth not always 1):
// such an element is kept as the XML CUCM sent, in its place, and written back unchanged.
// WHY a second, order-preserving parse of the raw answer: the plain parse (soap.ts) merges
// repeated elements and loses sibling order, which a write-back must not.

import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { CucmError } from '../errors.ts';
import { xmlEscape } from './requests.ts';

/** One child of <vendorConfig>: a flat element's text, or a structured one's XML as received. */
export type VendorEntry = { key: string; text: string; xml?: undefined } | { key: string; xml: string; text?: undefined };

/** vendorConfig in CUCM's order. */
export type VendorConfig = VendorEntry[];

type Ordered = Record<string, unknown>;

const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false, parseAttributeValue: false, trimValues: true });
const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

const tagOf = (n: Ordered): string | undefined => Object.keys(n).find((k) => k !== ':@');

function childrenOf(nodes: unknown, tag: string): unknown[] | undefined {
  if (!Array.isArray(nodes)) return undefined;
  const hit = (nodes as Ordered[]).find((n) => tagOf(n) === tag);
  return hit ? (hit[tag] as unknown[]) : undefined;
}

/**
 * The vendorConfig of `<return><{item}>` in a raw AXL answer (item: phone, commonPhoneConfig,
 * enterprisePhoneConfig). No vendorConfig element: empty.
 */
export function readVendorConfig(rawXml: string, method: string, item: string, where: string): VendorConfig {
  let doc: unknown;
  try {
    doc = ordered.parse(rawXml);
  } catch (e) {
    throw new CucmError(`${where}: the AXL answer is not XML (${e instanceof Error ? e.message : String(e)})`);
  }
  let nodes: unknown = doc;
  for (const tag of ['Envelope', 'Body', `${method}Response`, 'return', item]) {
    nodes = childrenOf(nodes, tag);
    if (nodes === undefined) throw new CucmError(`${where}: the AXL answer has no <${tag}> on the way to <vendorConfig>`);
  }
  const vc = childrenOf(nodes, 'vendorConfig');
  if (vc === undefined) return [];
  const out: VendorConfig = [];
  for (const n of vc as Ordered[]) {
    const key = tagOf(n);
    if (key === undefined || key === '#text') continue;
    const kids = (n[key] as Ordered[] | undefined) ?? [];
    const flat = n[':@'] === undefined && kids.every((k) => tagOf(k) === '#text');
    const text = kids.map((k) => k['#text']).map((t) => (typeof t === 'string' || typeof t === 'number' ? String(t) : '')).join('');
    out.push(flat ? { key, text } : { key, xml: String(builder.build([n])) });
  }
  return out;
}

export function vendorConfigXml(vc: VendorConfig): string {
  const inner = vc.map((e) => (e.xml !== undefined ? e.xml : e.text === '' ? `<${e.key}/>` : `<${e.key}>${xmlEscape(e.text)}</${e.key}>`)).join('');
  return `<vendorConfig>${inner}</vendorConfig>`;
}

/** A flat element's text; undefined when absent. A structured element of that name is an error. */
export function getElement(vc: VendorConfig, key: string): string | undefined {
  const e = vc.find((x) => x.key === key);
  if (e?.xml !== undefined) throw new CucmError(`vendorConfig <${key}> is structured (${e.xml.slice(0, 80)}); pfslab expects a value`);
  return e?.text;
}

/** Sets (value) or removes (undefined) one element, keeping every other one and the order. */
export function withElement(vc: VendorConfig, key: string, value: string | undefined): VendorConfig {
  if (value === undefined) return vc.filter((e) => e.key !== key);
  if (vc.some((e) => e.key === key)) return vc.map((e) => (e.key === key ? { key, text: value } : e));
  return [...vc, { key, text: value }];
}
