// Writes an XSD from the AXL facts kept for the tests (fixtures/axl-10.5-requests.json), in
// the shape Cisco's AXLSoap.xsd has (named request types, choices, xsd:any for vendorConfig),
// so that `--axl-schema` can be tested without Cisco's schema in the repository. `drop`
// leaves request elements out, to stand for a cluster whose schema lacks them.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Fact, FactFile } from '../../../../drivers/cucm/axl/schema/fact-rules.ts';

export const FACTS_FILE = path.resolve('test/drivers/cucm/fixtures/axl-10.5-requests.json');

export function loadFacts(): FactFile {
  return JSON.parse(readFileSync(FACTS_FILE, 'utf8')) as FactFile;
}

function particles(f: Fact): string {
  const inChoice = new Set((f.choices ?? []).flat());
  const required = new Set(f.required ?? []);
  const el = (name: string, sub: Fact | 'text', optional: boolean): string =>
    sub === 'text'
      ? `<xsd:element name="${name}" type="xsd:string"${optional ? ' minOccurs="0"' : ''}/>`
      : `<xsd:element name="${name}"${optional ? ' minOccurs="0"' : ''}><xsd:complexType>${particles(sub)}</xsd:complexType></xsd:element>`;
  const children = Object.entries(f.children ?? {});
  const choices = (f.choices ?? []).map((group) => `<xsd:choice>${group.map((n) => el(n, f.children?.[n] ?? 'text', false)).join('')}</xsd:choice>`);
  const rest = children.filter(([n]) => !inChoice.has(n)).map(([n, sub]) => el(n, sub, !required.has(n)));
  const any = f.any ? ['<xsd:any minOccurs="0" maxOccurs="unbounded" namespace="##local" processContents="skip"/>'] : [];
  return `<xsd:sequence>${[...choices, ...rest, ...any].join('')}</xsd:sequence>`;
}

export function xsdFromFacts(facts: FactFile, opts: { drop?: string[]; version?: string } = {}): string {
  const version = opts.version ?? facts.version;
  const requests = Object.entries(facts.requests).filter(([m]) => !(opts.drop ?? []).includes(m));
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:axlapi="http://www.cisco.com/AXL/API/${version}" ` +
    `elementFormDefault="unqualified" targetNamespace="http://www.cisco.com/AXL/API/${version}" version="${version}">\n` +
    requests.map(([m, f]) => `<xsd:complexType name="${m}Req">${particles(f)}</xsd:complexType>\n<xsd:element name="${m}" type="axlapi:${m}Req"/>\n`).join('') +
    '</xsd:schema>\n'
  );
}
