/**
 * LINKTYPE_* values (https://www.tcpdump.org/linktypes.html) that the decoder understands,
 * and a name lookup for messages. The numbers are what pcap and pcapng files carry; a few
 * DLT_* values that differ between platforms (RAW 12 and 14) appear in old files as-is.
 */
export const LinkType = {
  /** BSD loopback: 4-byte address family in host byte order. */
  NULL: 0,
  ETHERNET: 1,
  /** DLT_RAW as BSD/OS and macOS number it (raw IP, no link header). */
  RAW_BSD: 12,
  /** DLT_RAW as OpenBSD numbers it. */
  RAW_OPENBSD: 14,
  /** LINKTYPE_RAW: raw IPv4 or IPv6, version from the first nibble. */
  RAW: 101,
  /** OpenBSD loopback: 4-byte address family in network byte order. */
  LOOP: 108,
  /** Linux "cooked" capture v1 (16-byte header). */
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  /** Linux "cooked" capture v2 (20-byte header). */
  LINUX_SLL2: 276,
} as const;

export type KnownLinkType = (typeof LinkType)[keyof typeof LinkType];

const NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [LinkType.NULL, 'NULL (BSD loopback)'],
  [LinkType.ETHERNET, 'Ethernet'],
  [LinkType.RAW_BSD, 'raw IP (BSD)'],
  [LinkType.RAW_OPENBSD, 'raw IP (OpenBSD)'],
  [LinkType.RAW, 'raw IP'],
  [LinkType.LOOP, 'OpenBSD loopback'],
  [LinkType.LINUX_SLL, 'Linux cooked (SLL)'],
  [LinkType.IPV4, 'raw IPv4'],
  [LinkType.IPV6, 'raw IPv6'],
  [LinkType.LINUX_SLL2, 'Linux cooked v2 (SLL2)'],
]);

/** "Ethernet (1)", or "link type 147" for one this project does not know. */
export function linkTypeName(linkType: number): string {
  const name = NAMES.get(linkType);
  return name === undefined ? `link type ${linkType}` : `${name} (${linkType})`;
}
