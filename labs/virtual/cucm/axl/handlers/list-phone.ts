// listPhone: <searchCriteria> (name, description, devicePoolName, protocol; SQL LIKE
// patterns with % and _) and the <returnedTags> to list, with optional <skip>/<first>.
// vendorConfig is not a list tag (as in AXL's LPhone type): use getPhone for it.

import type { Phone } from '../../model/entities.ts';
import { usage } from '../axl-fault.ts';
import { phoneXml } from '../phone-xml.ts';
import { child, childText, isNode } from '../xml-read.ts';
import { returnedTags, type AxlCall } from './axl-call.ts';

const LIST_TAGS = new Set(['name', 'description', 'product', 'model', 'class', 'protocol', 'protocolSide', 'devicePoolName', 'commonPhoneConfigName', 'loadInformation', 'securityProfileName', 'isActive']);

/** A LIKE pattern as a case-insensitive regular expression. */
export function likePattern(pattern: string): RegExp {
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

export function listPhone(call: AxlCall): string {
  const criteria = child(call.body, 'searchCriteria');
  if (!isNode(criteria)) throw usage('listPhone needs <searchCriteria> (e.g. <name>SEP%</name>)');
  const tests: ((p: Phone) => boolean)[] = [];
  const name = childText(criteria, 'name');
  const description = childText(criteria, 'description');
  const pool = childText(criteria, 'devicePoolName');
  const protocol = childText(criteria, 'protocol');
  if (name !== undefined) tests.push((p) => likePattern(name).test(p.name));
  if (description !== undefined) tests.push((p) => likePattern(description).test(p.description));
  if (pool !== undefined) tests.push((p) => likePattern(pool).test(p.devicePool.name));
  if (protocol !== undefined) tests.push(() => likePattern(protocol).test('SCCP'));
  if (tests.length === 0) throw usage('listPhone needs at least one search criterion');

  const wanted = returnedTags(call.body);
  if (wanted === undefined) throw usage('listPhone needs <returnedTags>');
  const tags = new Set([...wanted].filter((t) => LIST_TAGS.has(t)));
  const skip = Number.parseInt(childText(call.body, 'skip') ?? '0', 10) || 0;
  const firstText = childText(call.body, 'first');
  const first = firstText === undefined ? Infinity : Number.parseInt(firstText, 10) || 0;

  const phones = call.services.store
    .allPhones()
    .filter((p) => tests.every((t) => t(p)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(skip, skip + first);
  return phones.length === 0 ? '<return/>' : `<return>${phones.map((p) => phoneXml(p, call.services, tags)).join('')}</return>`;
}
