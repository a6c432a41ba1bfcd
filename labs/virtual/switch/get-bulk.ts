// GetBulk as RFC 3416 4.2.3 describes it, replacing net-snmp 3.29's. Its defects:
// - it caps the whole response at max-repetitions varbinds instead of running
//   max-repetitions rounds over the repeaters, so a multi-column walk gets short answers;
// - once the MIB ends it keeps padding the response with endOfMibView varbinds, which
//   Debian's snmpbulkwalk prints as values ("No more variables left in this MIB View")
//   when it walks the last subtree (here the Cisco extension table).
// This version stops after a round in which every repeater hit the end of the MIB, and
// bounds the response so it stays within one UDP datagram.
import type { RemoteInfo, Socket } from 'node:dgram';
import type { Agent, RequestMessage, RequestVarbind } from './net-snmp-agent.ts';

/** A guard against an answer too large for a datagram (a varbind here is < 64 octets). */
export const MAX_BULK_VARBINDS = 512;

export function installGetBulk(agent: Agent): void {
  agent.getBulkRequest = (socket: Socket, message: RequestMessage, rinfo: RemoteInfo): void => {
    const pdu = message.pdu;
    const requested = pdu.varbinds;
    const nonRepeaters = Math.max(0, Math.min(pdu.nonRepeaters, requested.length));
    const answer: RequestVarbind[] = [];
    for (const varbind of requested.slice(0, nonRepeaters)) agent.addGetNextVarbind(answer, varbind.oid);
    const cursors = requested.slice(nonRepeaters).map((v) => v.oid);
    for (let round = 0; round < pdu.maxRepetitions && cursors.length > 0; round++) {
      if (answer.length + cursors.length > MAX_BULK_VARBINDS) break;
      let anyAdvanced = false;
      cursors.forEach((cursor, i) => {
        const next = agent.addGetNextVarbind(answer, cursor);
        if (next !== null) {
          cursors[i] = next.oid;
          anyAdvanced = true;
        }
      });
      if (!anyAdvanced) break;
    }
    pdu.varbinds = answer;
    agent.request(socket, message, rinfo);
  };
}
