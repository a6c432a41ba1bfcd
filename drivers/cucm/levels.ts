// Naming a PFS level for messages and journal targets.

import type { PfsLevel } from './types.ts';

export function levelName(level: PfsLevel): string {
  if (level === 'enterprise') return 'Enterprise Phone Configuration';
  if ('phone' in level) return `phone ${level.phone}`;
  return `Common Phone Profile "${level.commonPhoneProfile}"`;
}

export function isOverridable(level: PfsLevel): boolean {
  return level !== 'enterprise';
}
