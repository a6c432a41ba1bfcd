// What the streaming capture reader extracts from a pcap/pcapng file: only the flows the
// PFS analysis needs (port 4051, TFTP, phone-to-phone conversations), never the packets.
// Times are seconds since the epoch (float, microsecond precision); frames are 1-based
// frame numbers as tshark and Wireshark count them, so evidence can be looked up there.

export interface Udp4051Flow {
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  /** Destination is 255.255.255.255 or a directed broadcast (ends in .255 is NOT enough: see reader). */
  broadcast: boolean;
  datagrams: number;
  /** UDP payload bytes. */
  bytes: number;
  firstTime: number;
  lastTime: number;
  firstFrame: number;
  lastFrame: number;
}

export interface Tcp4051Connection {
  /** The side that sent the first SYN (or, without a SYN in the capture, the first sender). */
  initiator: string;
  initiatorPort: number;
  acceptor: string;
  acceptorPort: number;
  /** TCP payload bytes, counted once per sequence range (retransmissions not double-counted). */
  bytesFromInitiator: number;
  bytesFromAcceptor: number;
  start: number;
  end: number;
  /** Time of the first and last payload byte in each direction (undefined: none). */
  firstPayloadFromAcceptor?: number;
  lastPayloadFromAcceptor?: number;
  firstPayloadFromInitiator?: number;
  lastPayloadFromInitiator?: number;
  /** closed: FIN both ways; reset: RST seen; cut: the capture ends while it is open. */
  state: 'closed' | 'reset' | 'cut';
  /** True when the SYN was in the capture. */
  sawSyn: boolean;
  firstFrame: number;
  lastFrame: number;
}

export interface TftpTransfer {
  client: string;
  clientPort: number;
  server: string;
  /** The port the request went to (69), and the server's transfer port (its TID). */
  serverPort: number;
  serverTid?: number;
  op: 'read' | 'write';
  file: string;
  mode: string;
  /** Options requested in the RRQ/WRQ, and those the server acknowledged in its OACK. */
  requestedOptions: Record<string, string>;
  acceptedOptions: Record<string, string>;
  blockSize: number;
  /** Distinct data bytes delivered (each block counted once, block-number rollover handled). */
  bytes: number;
  /** Data bytes on the wire including retransmitted blocks. */
  wireBytes: number;
  blocks: number;
  start: number;
  end: number;
  durationMs: number;
  /** complete: the last (short) block arrived; error: an ERROR packet; incomplete: neither. */
  status: 'complete' | 'error' | 'incomplete';
  errorCode?: number;
  errorMessage?: string;
  requestFrame: number;
  lastFrame: number;
  /** Time of the last data block: when the client had the whole file. */
  lastDataTime?: number;
}

/** Every IPv4 conversation (unordered address pair, protocol, ports), for rules about who talks to whom. */
export interface Conversation {
  a: string;
  aPort: number;
  b: string;
  bPort: number;
  proto: 'tcp' | 'udp' | 'other';
  /** IP protocol number (6, 17, 1, ...). */
  ipProto: number;
  packets: number;
  /** IP payload bytes. */
  bytes: number;
  firstFrame: number;
  firstTime: number;
  lastTime: number;
}

export interface CaptureStop {
  /** Byte offset in the file where reading stopped, and the frame that was being read. */
  offset: number;
  frame: number;
  reason: string;
}

export interface CaptureSummary {
  file: string;
  format: 'pcap' | 'pcapng';
  /** Link types seen (DLT numbers), e.g. 1 Ethernet, 113 SLL, 276 SLL2. */
  linkTypes: number[];
  frames: number;
  /** Captured bytes of all frames. */
  bytes: number;
  firstTime?: number;
  lastTime?: number;
  ipv4Packets: number;
  /** IPv4 fragments (MF set or offset > 0); non-first fragments are not decoded further. */
  ipv4Fragments: number;
  /** Frames that are not IPv4 (ARP, IPv6, ...) or whose link type is not supported. */
  otherFrames: number;
  /** Frames too short for the headers they claim. */
  malformedFrames: number;
  udp4051: Udp4051Flow[];
  tcp4051: Tcp4051Connection[];
  tftp: TftpTransfer[];
  conversations: Conversation[];
  /** Set when the capture is truncated or corrupt: what was read before is kept. */
  stoppedEarly?: CaptureStop;
}
