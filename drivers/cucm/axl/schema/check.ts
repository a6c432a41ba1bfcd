// Checks one AXL request (method + the body pfslab puts inside <ns:method>) against a rule
// source: the method exists, every element is one the schema allows where it stands, every
// required child is there, one of each required choice is there, and a simple-typed element
// has no child elements. Returns what is wrong, as lines naming the element path.

import { XMLParser } from 'fast-xml-parser';
import type { Rule, RuleSource } from './rules.ts';

type Ordered = Record<string, unknown>;

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });

const tagOf = (n: Ordered): string | undefined => Object.keys(n).find((k) => k !== ':@');

function elementsOf(nodes: unknown): { tag: string; kids: unknown }[] {
  if (!Array.isArray(nodes)) return [];
  return (nodes as Ordered[]).flatMap((n) => {
    const tag = tagOf(n);
    return tag === undefined || tag === '#text' ? [] : [{ tag, kids: n[tag] }];
  });
}

export interface RequestToCheck {
  method: string;
  /** The content of <ns:method>, as the driver builds it. */
  body: string;
  /** What the driver sends it for, for the report. */
  purpose: string;
}

export function checkRequest(source: RuleSource, req: RequestToCheck): string[] {
  const rule = source.request(req.method);
  if (!rule) return [`${req.method}: no such request element in ${source.origin}`];
  let doc: unknown;
  try {
    doc = parser.parse(`<${req.method}>${req.body}</${req.method}>`);
  } catch (e) {
    return [`${req.method}: the body pfslab builds is not well-formed XML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`];
  }
  const top = elementsOf(doc)[0];
  const problems: string[] = [];
  walk(rule, top?.kids, req.method, problems);
  return problems;
}

function walk(rule: Rule, kids: unknown, where: string, problems: string[]): void {
  const children = elementsOf(kids);
  const present = new Set(children.map((c) => c.tag));
  for (const name of rule.required) if (!present.has(name)) problems.push(`${where}: required <${name}> is missing`);
  for (const group of rule.choices) {
    if (!group.some((n) => present.has(n))) problems.push(`${where}: one of <${group.join('>, <')}> is required`);
  }
  if (rule.any) return;
  for (const c of children) {
    const sub = rule.child(c.tag);
    const path = `${where}/${c.tag}`;
    if (sub === undefined) {
      const allowed = rule.names();
      problems.push(`${where}: <${c.tag}> is not allowed here (the schema allows ${allowed.length === 0 ? 'no child elements' : `${allowed.slice(0, 12).join(', ')}${allowed.length > 12 ? ', ...' : ''}`})`);
    } else if (sub === 'text') {
      if (elementsOf(c.kids).length > 0) problems.push(`${path}: holds child elements but the schema gives it a simple type`);
    } else walk(sub, c.kids, path, problems);
  }
}
