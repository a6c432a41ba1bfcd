// pfslab as the lab's log server (syslog): where the phones send their log lines, which is
// what the harness writes into each phone's "Log Server" field in CUCM during a run, and
// where the receiver listens.

import { z } from 'zod';
import { ipv4, tcpUdpPort } from './common.ts';

export const LogServerSchema = z
  .strictObject({
    address: ipv4(
      "The harness host's address as the phones reach it: CUCM's Log Server field is set to it. Required in a real lab; a virtual lab's default is the host side of its transfer link (169.254.77.1), or 127.0.0.1 in loopback mode",
    ).optional(),
    port: tcpUdpPort('UDP port the phones send to (default 514, the syslog port; one >= 1024 lets pfslab listen without root)').default(514),
    bind: ipv4('Where the receiver listens (default: address; 0.0.0.0 when the phones reach the harness through NAT)').optional(),
  })
  .describe("pfslab as the phones' syslog server during a run: Log Server set in CUCM (journaled, undone), one evidence file per phone");
