// tcpdump inside a network namespace of this host (the virtual lab's subnets), through
// `ip netns exec`, which execs tcpdump in place: the PID we signal is tcpdump's.
import { startHostCapture } from './host-capture.ts';
import type { CaptureSettings } from './settings.ts';
import { effectiveSettings } from './settings.ts';
import type { CaptureContext, CaptureDriver } from './types.ts';

export function netnsCaptureDriver(name: string, namespace: string, iface: string, lab: CaptureSettings, ctx: CaptureContext): CaptureDriver {
  const point = `interface ${iface} in network namespace ${namespace}`;
  return {
    capture: name,
    point,
    start: (opts = {}) => startHostCapture({ capture: name, point, interface: iface, namespace }, effectiveSettings(lab, opts), ctx),
  };
}
