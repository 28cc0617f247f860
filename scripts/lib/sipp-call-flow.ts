/**
 * The SIP messages of one call as sipp's built-in `uac` and `uas` scenarios send them
 * (INVITE/180/200/ACK/BYE/200), byte for byte in sipp's format as recorded on loopback in
 * fixtures/sipp-udp-3-calls.pcap, with per-call Call-ID, tags, branches and addresses.
 * Used to generate benchmark captures and fixtures with the project's own pcap writer.
 */
export interface CallFlowOptions {
  /** Call number (makes Call-ID, tags and branches unique). */
  n: number;
  uacIp: string;
  uacPort: number;
  uasIp: string;
  uasPort: number;
  transport: 'UDP' | 'TCP';
}

export interface FlowMessage {
  /** true: UAC → UAS; false: UAS → UAC. */
  fromUac: boolean;
  text: string;
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function withBody(headers: string[], body: string): string {
  return `${headers.join('\r\n')}\r\nContent-Type: application/sdp\r\nContent-Length: ${String(body.length).padStart(5)}\r\n\r\n${body}`;
}

function sdp(ip: string, port: number): string {
  const fam = ip.includes(':') ? 'IP6' : 'IP4';
  return `v=0\r\no=user1 53655765 2353687637 IN ${fam} ${ip}\r\ns=-\r\nc=IN ${fam} ${ip}\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;
}

export function sippCallFlow(o: CallFlowOptions): FlowMessage[] {
  const uac = hostPort(o.uacIp, o.uacPort);
  const uas = hostPort(o.uasIp, o.uasPort);
  const t = o.transport;
  const callId = `${o.n}-4584@${o.uacIp}`;
  const ftag = `4584SIPpTag00${o.n}`;
  const ttag = `4580SIPpTag01${o.n}`;
  const via = (b: number) => `Via: SIP/2.0/${t} ${uac};branch=z9hG4bK-4584-${o.n}-${b}`;
  const from = `From: sipp <sip:sipp@${uac}>;tag=${ftag}`;
  const to = `To: service <sip:service@${uas}>`;
  const toTag = `${to};tag=${ttag}`;
  const contactUac = `Contact: sip:sipp@${uac}`;
  const contactUas = `Contact: <sip:${uas};transport=${t}>`;
  const ruri = `sip:service@${uas}`;
  const req = (method: string, b: number, cseq: string, toHdr: string) => [
    `${method} ${ruri} SIP/2.0`, via(b), from, toHdr, `Call-ID: ${callId}`, `CSeq: ${cseq}`, contactUac,
    'Max-Forwards: 70', 'Subject: Performance Test',
  ];
  const resp = (status: string, b: number, cseq: string) => [
    `SIP/2.0 ${status}`, via(b), from, toTag, `Call-ID: ${callId}`, `CSeq: ${cseq}`, contactUas,
  ];
  const noBody = (h: string[]) => `${h.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`;
  return [
    { fromUac: true, text: withBody(req('INVITE', 0, '1 INVITE', to), sdp(o.uacIp, 6004)) },
    { fromUac: false, text: noBody(resp('180 Ringing', 0, '1 INVITE')) },
    { fromUac: false, text: withBody(resp('200 OK', 0, '1 INVITE'), sdp(o.uasIp, 6000)) },
    { fromUac: true, text: noBody(req('ACK', 5, '1 ACK', toTag)) },
    { fromUac: true, text: noBody(req('BYE', 7, '2 BYE', toTag)) },
    { fromUac: false, text: noBody(resp('200 OK', 7, '2 BYE')) },
  ];
}
