// What virtual phones said and served, for a failed test's output: each phone's state, the
// ports it serves and the end of its console log, every line escaped. A service that failed to
// start (an SSH console that then refuses connections) is written to the phone's log only.
import { untrustedField } from '../../harness/io/untrusted-text.ts';
import type { VirtualPhone } from '../../labs/virtual/phone/phone.ts';

export function phoneStates(phones: readonly VirtualPhone[], lastLines = 20): string {
  return phones
    .map((p) => {
      const tail = p.flash.log.all().trimEnd().split('\n').slice(-lastLines).map(untrustedField).join('\n    ');
      return `  ${p.name} (${p.spec.ip}): state ${p.state}, serving ${JSON.stringify(p.serviceAddresses())}; console log ends:\n    ${tail}\n`;
    })
    .join('');
}
