// The backends by name, as a lab (or the driver's options) names them.
import type { BackendName, PowerBackend } from './backend.ts';
import { ciscoExtBackend } from './cisco-ext.ts';
import { poeMibBackend } from './poe-mib.ts';

export { BACKEND_NAMES } from './backend.ts';
export type { BackendName, PowerBackend } from './backend.ts';

const BACKENDS: Record<BackendName, PowerBackend> = {
  poe_mib: poeMibBackend,
  cisco_ext: ciscoExtBackend,
};

export function backendNamed(name: BackendName): PowerBackend {
  return BACKENDS[name];
}
