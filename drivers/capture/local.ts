// tcpdump on an interface of this host.
import { startHostCapture } from './host-capture.ts';
import type { CaptureSettings } from './settings.ts';
import { effectiveSettings } from './settings.ts';
import type { CaptureContext, CaptureDriver } from './types.ts';

export function localCaptureDriver(name: string, iface: string, lab: CaptureSettings, ctx: CaptureContext): CaptureDriver {
  const point = `local interface ${iface}`;
  return {
    capture: name,
    point,
    start: (opts = {}) => startHostCapture({ capture: name, point, interface: iface }, effectiveSettings(lab, opts), ctx),
  };
}
