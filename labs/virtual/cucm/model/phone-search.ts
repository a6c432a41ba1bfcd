// The "Find Phone where [field] [begins with] [text]" query of Find and List Phones and of
// Bulk Administration. The option texts are CUCM's; the option values are this CUCM's own
// (drivers select options by their visible text).

import type { Phone } from './entities.ts';

export interface SearchOption {
  value: string;
  label: string;
}

export const SEARCH_FIELDS: readonly SearchOption[] = [
  { value: 'name', label: 'Device Name' },
  { value: 'description', label: 'Description' },
  { value: 'product', label: 'Device Type' },
  { value: 'devicePool', label: 'Device Pool' },
  { value: 'ip', label: 'IP Address' },
];

export const SEARCH_LIMITS: readonly SearchOption[] = [
  { value: 'begins', label: 'begins with' },
  { value: 'contains', label: 'contains' },
  { value: 'ends', label: 'ends with' },
  { value: 'exact', label: 'is exactly' },
  { value: 'empty', label: 'is empty' },
  { value: 'notEmpty', label: 'is not empty' },
];

export interface PhoneQuery {
  field: string;
  limit: string;
  text: string;
}

function fieldValues(phone: Phone, field: string): string[] {
  switch (field) {
    case 'description':
      return [phone.description];
    case 'product':
      // Either CUCM's name (Cisco 7961) or the lab's product code (CP-7961G) finds the model.
      return [phone.model.product, phone.model.code];
    case 'devicePool':
      return [phone.devicePool.name];
    case 'ip':
      return [phone.ip ?? ''];
    default:
      return [phone.name];
  }
}

function matches(value: string, limit: string, text: string): boolean {
  const v = value.toLowerCase();
  const t = text.trim().toLowerCase();
  switch (limit) {
    case 'contains':
      return v.includes(t);
    case 'ends':
      return v.endsWith(t);
    case 'exact':
      return v === t;
    case 'empty':
      return v === '';
    case 'notEmpty':
      return v !== '';
    default:
      return v.startsWith(t);
  }
}

/** Matching phones sorted by device name, as CUCM lists them. */
export function searchPhones(phones: readonly Phone[], query: PhoneQuery): Phone[] {
  return phones
    .filter((p) => {
      const values = fieldValues(p, query.field);
      // "is empty" / "is not empty" look at the field itself, not its alternative spellings.
      if (query.limit === 'empty' || query.limit === 'notEmpty') return matches(values[0] ?? '', query.limit, '');
      return values.some((v) => matches(v, query.limit, query.text));
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function queryFrom(params: URLSearchParams): PhoneQuery {
  return {
    field: params.get('searchField0') ?? 'name',
    limit: params.get('searchLimit0') ?? 'begins',
    text: params.get('searchString0') ?? '',
  };
}
