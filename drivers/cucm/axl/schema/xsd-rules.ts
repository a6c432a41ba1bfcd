// Rules read from an AXL schema file (AXLSoap.xsd, as a CUCM's AXL Toolkit ships it, any
// version). WHY a structural reading with fast-xml-parser instead of a full XSD validator:
// the only Node XSD validators are native bindings to libxml2 (a compiler at install time,
// little upkeep), and xmllint is a further system package; what pfslab must know of a
// cluster's schema is structural (does the method exist, which children may and must it
// have, how returnedTags, searchCriteria and vendorConfig nest), which this reads exactly.
// Not checked: simple-type facets (lengths, enumerations, patterns) and element order.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { CucmError } from '../../errors.ts';
import type { Rule, RuleSource } from './rules.ts';

/** Cisco's 10.5 schema is ~3.4 MB; anything far larger is not an AXL schema. */
const MAX_SCHEMA_BYTES = 64 * 1024 * 1024;

type Node = Record<string, unknown>;

const PARTICLES = ['element', 'sequence', 'choice', 'all', 'group', 'any'];
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => PARTICLES.includes(name) || name === 'complexType' || name === 'simpleType',
});

const local = (qname: string): string => qname.replace(/^[^:]*:/, '');
const arr = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v === undefined ? [] : [v as Node]);
const str = (n: Node, a: string): string | undefined => (typeof n[`@_${a}`] === 'string' ? (n[`@_${a}`] as string) : undefined);

interface Built {
  required: string[];
  choices: string[][];
  any: boolean;
  /** child name -> its element declaration. */
  decls: Map<string, Node>;
}

class XsdRule implements Rule {
  constructor(
    private readonly built: Built,
    private readonly schema: XsdSchema,
  ) {}
  get required(): readonly string[] {
    return this.built.required;
  }
  get choices(): readonly (readonly string[])[] {
    return this.built.choices;
  }
  get any(): boolean {
    return this.built.any;
  }
  names(): string[] {
    return [...this.built.decls.keys()];
  }
  child(name: string): Rule | 'text' | undefined {
    const decl = this.built.decls.get(name);
    return decl === undefined ? undefined : this.schema.ruleOfElement(decl);
  }
}

export class XsdSchema implements RuleSource {
  private readonly elements = new Map<string, Node>();
  private readonly types = new Map<string, Node>();
  private readonly groups = new Map<string, Node>();
  private readonly cache = new Map<Node, Rule | 'text'>();

  constructor(
    readonly origin: string,
    root: Node,
  ) {
    for (const e of arr(root['element'])) if (str(e, 'name')) this.elements.set(str(e, 'name') ?? '', e);
    for (const t of arr(root['complexType'])) if (str(t, 'name')) this.types.set(str(t, 'name') ?? '', t);
    for (const g of arr(root['group'])) if (str(g, 'name')) this.groups.set(str(g, 'name') ?? '', g);
  }

  /** The schema's declared version (the version attribute of xsd:schema), if any. */
  version: string | undefined;
  /** Its targetNamespace (http://www.cisco.com/AXL/API/<version>). */
  targetNamespace: string | undefined;

  request(method: string): Rule | undefined {
    const decl = this.elements.get(method);
    if (!decl) return undefined;
    const r = this.ruleOfElement(decl);
    // A request element of simple type would be odd; treat it as "no children allowed".
    return r === 'text' ? new XsdRule({ required: [], choices: [], any: false, decls: new Map() }, this) : r;
  }

  ruleOfElement(decl: Node): Rule | 'text' {
    const ref = str(decl, 'ref');
    const target = ref !== undefined ? this.elements.get(local(ref)) : decl;
    if (!target) return 'text';
    const cached = this.cache.get(target);
    if (cached) return cached;
    let rule: Rule | 'text';
    const inline = arr(target['complexType'])[0];
    const type = str(target, 'type');
    if (inline) rule = new XsdRule(this.build(inline), this);
    else if (type !== undefined && this.types.has(local(type))) rule = new XsdRule(this.build(this.types.get(local(type)) as Node), this);
    else if (type === undefined && arr(target['simpleType']).length === 0) rule = new XsdRule({ required: [], choices: [], any: true, decls: new Map() }, this); // xsd:anyType
    else rule = 'text';
    this.cache.set(target, rule);
    return rule;
  }

  private build(complexType: Node, depth = 0): Built {
    const out: Built = { required: [], choices: [], any: false, decls: new Map() };
    if (depth > 32) throw new CucmError(`${this.origin}: type derivation deeper than 32 levels`);
    const content = (complexType['complexContent'] ?? undefined) as Node | undefined;
    if (content) {
      const ext = content['extension'] as Node | undefined;
      const res = content['restriction'] as Node | undefined;
      if (ext) {
        const base = this.types.get(local(str(ext, 'base') ?? ''));
        if (base) merge(out, this.build(base, depth + 1));
        this.collect(ext, true, out);
      } else if (res) this.collect(res, true, out);
      return out;
    }
    if (complexType['simpleContent'] !== undefined) return out;
    this.collect(complexType, true, out);
    return out;
  }

  /** Adds the particles directly under `node`; `required` is false inside an optional or choice particle. */
  private collect(node: Node, required: boolean, out: Built, guard = 0): void {
    if (guard > 64) throw new CucmError(`${this.origin}: particles nested deeper than 64 levels`);
    for (const e of arr(node['element'])) {
      const name = str(e, 'name') ?? local(str(e, 'ref') ?? '');
      if (name === '') continue;
      out.decls.set(name, e);
      if (required && str(e, 'minOccurs') !== '0') out.required.push(name);
    }
    if (arr(node['any']).length > 0) out.any = true;
    for (const s of [...arr(node['sequence']), ...arr(node['all'])]) this.collect(s, required && str(s, 'minOccurs') !== '0', out, guard + 1);
    for (const c of arr(node['choice'])) {
      const inner: Built = { required: [], choices: [], any: false, decls: new Map() };
      this.collect(c, false, inner, guard + 1);
      merge(out, { ...inner, required: [], choices: [] });
      if (required && str(c, 'minOccurs') !== '0' && inner.decls.size > 0) out.choices.push([...inner.decls.keys()]);
    }
    for (const g of arr(node['group'])) {
      const def = this.groups.get(local(str(g, 'ref') ?? ''));
      if (def) this.collect(def, required && str(g, 'minOccurs') !== '0', out, guard + 1);
    }
  }
}

function merge(into: Built, from: Built): void {
  into.required.push(...from.required);
  into.choices.push(...from.choices);
  into.any ||= from.any;
  for (const [k, v] of from.decls) into.decls.set(k, v);
}

/** Reads DIR/AXLSoap.xsd (or the file itself when given one). */
export async function loadAxlSchema(dirOrFile: string): Promise<XsdSchema> {
  let file = dirOrFile;
  try {
    if ((await stat(dirOrFile)).isDirectory()) file = path.join(dirOrFile, 'AXLSoap.xsd');
    const size = (await stat(file)).size;
    if (size > MAX_SCHEMA_BYTES) throw new CucmError(`${file}: ${size} bytes is not an AXL schema (limit ${MAX_SCHEMA_BYTES})`);
  } catch (e) {
    if (e instanceof CucmError) throw e;
    throw new CucmError(`--axl-schema ${dirOrFile}: no AXLSoap.xsd there (${(e as NodeJS.ErrnoException).code ?? String(e)}); download it from your CUCM: Application > Plugins > Cisco AXL Toolkit`);
  }
  let doc: unknown;
  try {
    doc = parser.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new CucmError(`${file}: not XML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const root = (doc as Node)['schema'] as Node | undefined;
  if (!root || typeof root !== 'object') throw new CucmError(`${file}: no <xsd:schema> root element`);
  const schema = new XsdSchema(file, root);
  schema.version = str(root, 'version');
  schema.targetNamespace = str(root, 'targetNamespace');
  return schema;
}
