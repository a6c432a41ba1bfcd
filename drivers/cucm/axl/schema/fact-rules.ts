// Rules from a JSON file of facts (the request elements pfslab uses and their children, as
// Cisco's schema of one AXL version declares them). The tests keep 10.5's, so that every
// request body the driver builds is checked without Cisco's schema in the repository.
//
// Shape: { "version": "10.5", "requests": { "<method>": Fact } } where a Fact is
// { "required"?: [..], "choices"?: [[..]], "any"?: true, "children"?: { "<name>": Fact | "text" } }.

import type { Rule, RuleSource } from './rules.ts';

export interface Fact {
  required?: string[];
  choices?: string[][];
  any?: boolean;
  children?: Record<string, Fact | 'text'>;
}

export interface FactFile {
  version: string;
  source: string;
  requests: Record<string, Fact>;
}

class FactRule implements Rule {
  constructor(private readonly f: Fact) {}
  get required(): readonly string[] {
    return this.f.required ?? [];
  }
  get choices(): readonly (readonly string[])[] {
    return this.f.choices ?? [];
  }
  get any(): boolean {
    return this.f.any === true;
  }
  names(): string[] {
    return Object.keys(this.f.children ?? {});
  }
  child(name: string): Rule | 'text' | undefined {
    const c = this.f.children?.[name];
    return c === undefined ? undefined : c === 'text' ? 'text' : new FactRule(c);
  }
}

export function factRules(file: FactFile, origin: string): RuleSource {
  return {
    origin,
    request: (method) => {
      const f = Object.hasOwn(file.requests, method) ? file.requests[method] : undefined;
      return f === undefined ? undefined : new FactRule(f);
    },
  };
}

/**
 * The facts a schema gives about the requests pfslab sends: for each element a request
 * touches, its required children, choices and allowed names; children no request uses are
 * left out, so the facts stay small and a request that starts using a new element fails the
 * tests until the facts are taken from the schema again.
 */
export function factsFromSchema(source: RuleSource, requests: readonly { method: string; body: string }[], version: string): FactFile {
  const out: FactFile = { version, source: source.origin, requests: {} };
  for (const req of requests) {
    const rule = source.request(req.method);
    if (!rule) continue;
    out.requests[req.method] = mergeFact(out.requests[req.method], factOf(rule, usedTree(req.method, req.body)));
  }
  return out;
}

type Used = Map<string, Used>;

function usedTree(method: string, body: string): Used {
  const tree: Used = new Map();
  // Element names and nesting only; values do not matter here.
  const re = /<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g;
  const stack: Used[] = [tree];
  for (const m of `<${method}>${body}</${method}>`.matchAll(re)) {
    const top = stack[stack.length - 1] as Used;
    if (m[1] === '/') {
      stack.pop();
      continue;
    }
    const name = m[2] ?? '';
    const node = top.get(name) ?? new Map<string, Used>();
    top.set(name, node);
    if (m[3] !== '/') stack.push(node);
  }
  return tree.get(method) ?? new Map<string, Used>();
}

function factOf(rule: Rule, used: Used): Fact {
  const f: Fact = {};
  if (rule.required.length > 0) f.required = [...rule.required];
  if (rule.choices.length > 0) f.choices = rule.choices.map((c) => [...c]);
  if (rule.any) f.any = true;
  const names = new Set([...rule.required, ...rule.choices.flat(), ...used.keys()]);
  const children: Record<string, Fact | 'text'> = {};
  for (const name of names) {
    const sub = rule.child(name);
    if (sub === undefined) continue;
    children[name] = sub === 'text' ? 'text' : factOf(sub, used.get(name) ?? new Map<string, Used>());
  }
  if (Object.keys(children).length > 0) f.children = children;
  return f;
}

function mergeFact(a: Fact | undefined, b: Fact): Fact {
  if (!a) return b;
  const children: Record<string, Fact | 'text'> = { ...(a.children ?? {}) };
  for (const [k, v] of Object.entries(b.children ?? {})) {
    const old = children[k];
    children[k] = old === undefined || old === 'text' || v === 'text' ? v : mergeFact(old, v);
  }
  return { ...a, ...(Object.keys(children).length > 0 ? { children } : {}) };
}
