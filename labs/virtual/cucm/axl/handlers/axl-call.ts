// What an AXL method handler receives, and the lookups several handlers share.

import { XMLBuilder } from 'fast-xml-parser';
import type { CommonPhoneProfile, Phone } from '../../model/entities.ts';
import type { CucmServices } from '../../services.ts';
import { AXL_CODE, AxlFault, notFound, usage } from '../axl-fault.ts';
import { child, childText, isNode, textOf, type XmlNode } from '../xml-read.ts';

export interface AxlCall {
  method: string;
  body: XmlNode;
  services: CucmServices;
  /** The application user who sent the request (for the log). */
  user: string;
}

/** Returns what goes inside <ns:methodResponse>, usually <return>...</return>. */
export type AxlHandler = (call: AxlCall) => string;

/** The item a request names by <name> or <uuid>. */
export function nameOrUuid(body: XmlNode): string {
  const id = childText(body, 'name') ?? childText(body, 'uuid');
  if (id === undefined || id.trim() === '') throw usage('The request must name the item with <name> or <uuid>');
  return id;
}

/** forUpdate: an update of a missing item fails with 5003 rather than 5007, as on CUCM. */
export function findPhone(call: AxlCall, forUpdate = false): Phone {
  const id = nameOrUuid(call.body);
  const phone = call.services.store.phone(id);
  if (phone) return phone;
  if (forUpdate) throw new AxlFault(AXL_CODE.updateFailed, `Phone ${id} was not found`);
  throw notFound('Phone');
}

export function findProfile(call: AxlCall, forUpdate = false): CommonPhoneProfile {
  const id = nameOrUuid(call.body);
  const profile = call.services.store.profile(id);
  if (profile) return profile;
  if (forUpdate) throw new AxlFault(AXL_CODE.updateFailed, `Common Phone Profile ${id} was not found`);
  throw notFound('Common Phone Profile');
}

/** The tags <returnedTags> asks for, or undefined for "everything". */
export function returnedTags(body: XmlNode): Set<string> | undefined {
  const tags = child(body, 'returnedTags');
  if (!isNode(tags)) return undefined;
  return new Set(Object.keys(tags).filter((k) => !k.startsWith('@_') && k !== '#text'));
}

const nestedBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/** A written <vendorConfig> as element -> value; undefined when the request has none.
 * Nested elements (other products' structured parameters) are reported as ignored. */
export function writtenVendorConfig(body: XmlNode): { values: Map<string, string>; nested: string[]; nestedXml: string[] } | undefined {
  if (!('vendorConfig' in body)) return undefined;
  const vc = body['vendorConfig'];
  const values = new Map<string, string>();
  const nested: string[] = [];
  const nestedXml: string[] = [];
  if (!isNode(vc)) return { values, nested, nestedXml };
  for (const [key, value] of Object.entries(vc)) {
    if (key.startsWith('@_') || key === '#text') continue;
    if (Array.isArray(value)) throw new AxlFault(AXL_CODE.updateFailed, `vendorConfig element ${key} appears more than once`);
    const text = textOf(value);
    if (text === undefined) {
      nested.push(key);
      nestedXml.push(String(nestedBuilder.build({ [key]: value })));
    } else values.set(key, text.trim());
  }
  return { values, nested, nestedXml };
}
