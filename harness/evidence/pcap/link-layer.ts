// Link-layer headers: where the IPv4 header starts in a frame, and whether the frame was a
// link-layer broadcast. Supported: Ethernet (DLT 1) with any stack of 802.1Q / 802.1ad
// (QinQ) / 0x9100 VLAN tags, Linux cooked captures v1 (113) and v2 (276), raw IPv4 (228),
// raw IP (101, and 12 as some systems number it), BSD loopback (0).
//
// Hot path: the result is one integer (no object per frame): the IPv4 header offset from
// the frame start, with BROADCAST_BIT set for a link-layer broadcast, or a negative code.

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW_OPENBSD = 12;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_LINUX_SLL2 = 276;

/** Not IPv4 (ARP, IPv6, ...) or a link type we do not decode. */
export const NOT_IPV4 = -1;
/** The frame is shorter than its link header. */
export const LINK_TRUNCATED = -2;
/** Set in a non-negative result when the frame was a link-layer broadcast. */
export const BROADCAST_BIT = 1 << 24;
export const OFFSET_MASK = BROADCAST_BIT - 1;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_VLAN_OLD_QINQ = 0x9100;
/** Linux cooked capture packet type: sent to everyone by somebody else. */
const SLL_BROADCAST = 1;

/** After the EtherType at `typeAt`, skips VLAN tags; returns the IPv4 offset or a negative code. */
function afterEtherType(buf: Buffer, off: number, caplen: number, typeAt: number): number {
  let type = buf.readUInt16BE(off + typeAt);
  let l3 = typeAt + 2;
  while (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_VLAN_OLD_QINQ) {
    if (caplen < l3 + 4) return LINK_TRUNCATED;
    type = buf.readUInt16BE(off + l3 + 2);
    l3 += 4;
  }
  return type === ETHERTYPE_IPV4 ? l3 : NOT_IPV4;
}

export function ipv4Offset(buf: Buffer, off: number, caplen: number, linkType: number): number {
  switch (linkType) {
    case LINKTYPE_ETHERNET: {
      if (caplen < 14) return LINK_TRUNCATED;
      const l3 = afterEtherType(buf, off, caplen, 12);
      if (l3 < 0) return l3;
      const bcast = buf.readUInt32BE(off) === 0xffffffff && buf.readUInt16BE(off + 4) === 0xffff;
      return bcast ? l3 | BROADCAST_BIT : l3;
    }
    case LINKTYPE_LINUX_SLL: {
      if (caplen < 16) return LINK_TRUNCATED;
      const l3 = afterEtherType(buf, off, caplen, 14);
      if (l3 < 0) return l3;
      return buf.readUInt16BE(off) === SLL_BROADCAST ? l3 | BROADCAST_BIT : l3;
    }
    case LINKTYPE_LINUX_SLL2: {
      if (caplen < 20) return LINK_TRUNCATED;
      if (buf.readUInt16BE(off) !== ETHERTYPE_IPV4) {
        // SLL2 puts the protocol first; VLAN-tagged payloads keep their tags after the header.
        const t = buf.readUInt16BE(off);
        if (t !== ETHERTYPE_VLAN && t !== ETHERTYPE_QINQ) return NOT_IPV4;
        if (caplen < 24) return LINK_TRUNCATED;
        const l3 = afterEtherType(buf, off, caplen, 22);
        if (l3 < 0) return l3;
        return buf[off + 10] === SLL_BROADCAST ? l3 | BROADCAST_BIT : l3;
      }
      return buf[off + 10] === SLL_BROADCAST ? 20 | BROADCAST_BIT : 20;
    }
    case LINKTYPE_IPV4:
      return 0;
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_OPENBSD:
      if (caplen < 1) return LINK_TRUNCATED;
      return buf[off]! >> 4 === 4 ? 0 : NOT_IPV4;
    case LINKTYPE_NULL: {
      if (caplen < 4) return LINK_TRUNCATED;
      // Address family in the capturing host's byte order: AF_INET is 2 everywhere.
      const le = buf.readUInt32LE(off);
      return le === 2 || le === 0x02000000 ? 4 : NOT_IPV4;
    }
    default:
      return NOT_IPV4;
  }
}
