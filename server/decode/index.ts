/** The decode stage: RawFrame bytes → UDP/TCP payload, IP fragment, or a skip reason. */
export { decodeFrame } from './decode-frame.js';
export { decodeIpPacket, MAX_TUNNEL_DEPTH } from './decode-ip-packet.js';
export { decodeTransport } from './decode-transport.js';
export { decodeDatagram } from './decode-datagram.js';
export { MAX_VLAN_TAGS } from './decode-ethernet.js';
export { formatIpv4, formatIpv6 } from './format-ip.js';
