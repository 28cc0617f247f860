/**
 * Names for the numbers that appear in skip details ("ethertype 0x0806 (ARP)"). Only used
 * when a frame is skipped, never on the per-packet success path.
 */

const LINK_TYPES: Readonly<Record<number, string>> = {
  0: 'NULL', 1: 'ETHERNET', 6: 'IEEE802_5', 9: 'PPP', 10: 'FDDI', 12: 'RAW', 14: 'RAW',
  50: 'PPP_HDLC', 51: 'PPP_ETHER', 101: 'RAW', 104: 'C_HDLC', 105: 'IEEE802_11', 108: 'LOOP',
  113: 'LINUX_SLL', 127: 'IEEE802_11_RADIOTAP', 147: 'USER0', 148: 'USER1', 149: 'USER2',
  150: 'USER3', 187: 'BLUETOOTH_HCI_H4', 189: 'USB_LINUX', 192: 'PPI', 195: 'IEEE802_15_4',
  201: 'BLUETOOTH_HCI_H4_WITH_PHDR', 220: 'USB_LINUX_MMAPPED', 228: 'IPV4', 229: 'IPV6',
  239: 'NFLOG', 249: 'NETANALYZER', 252: 'WIRESHARK_UPPER_PDU', 253: 'IPNET', 276: 'LINUX_SLL2',
};

const ETHERTYPES: Readonly<Record<number, string>> = {
  0x0800: 'IPv4', 0x0806: 'ARP', 0x2000: 'CDP', 0x0842: 'Wake-on-LAN', 0x22eb: 'ERSPAN type III',
  0x22f0: 'AVTP', 0x6558: 'Transparent Ethernet Bridging', 0x8035: 'RARP',
  0x809b: 'AppleTalk', 0x80f3: 'AARP', 0x8100: '802.1Q', 0x8137: 'IPX', 0x86dd: 'IPv6',
  0x8808: 'Ethernet flow control', 0x8809: 'Slow Protocols (LACP)', 0x880b: 'PPP',
  0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast', 0x8863: 'PPPoE Discovery',
  0x8864: 'PPPoE Session', 0x888e: 'EAPOL', 0x8892: 'PROFINET', 0x88a8: '802.1ad',
  0x88be: 'ERSPAN type II', 0x88cc: 'LLDP', 0x88e5: 'MACsec', 0x88f7: 'PTP',
  0x8902: 'CFM', 0x9000: 'Loopback', 0x9100: 'QinQ', 0x9200: 'QinQ',
};

const IP_PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'IPv6 Hop-by-Hop', 1: 'ICMP', 2: 'IGMP', 4: 'IPv4', 6: 'TCP', 8: 'EGP', 17: 'UDP',
  27: 'RDP', 33: 'DCCP', 41: 'IPv6', 43: 'IPv6 Routing', 44: 'IPv6 Fragment', 46: 'RSVP',
  47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 59: 'IPv6 No Next Header',
  60: 'IPv6 Destination Options', 88: 'EIGRP', 89: 'OSPF', 97: 'EtherIP', 103: 'PIM',
  112: 'VRRP', 115: 'L2TP', 132: 'SCTP', 135: 'Mobility Header', 136: 'UDP-Lite',
  137: 'MPLS-in-IP', 139: 'HIP', 140: 'Shim6', 143: 'Ethernet',
};

function named(number: string, name: string | undefined): string {
  return name === undefined ? number : `${number} (${name})`;
}

/** "link type 147 (USER0)". */
export function describeLinkType(linkType: number): string {
  return named(`link type ${linkType}`, LINK_TYPES[linkType]);
}

/** "ethertype 0x0806 (ARP)". */
export function describeEthertype(type: number): string {
  return named(`ethertype ${hex16(type)}`, ETHERTYPES[type]);
}

/** "IP protocol 1 (ICMP)". */
export function describeIpProtocol(protocol: number): string {
  return named(`IP protocol ${protocol}`, IP_PROTOCOLS[protocol]);
}

/** "0x0806"-style hex for 16-bit fields. */
export function hex16(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}
