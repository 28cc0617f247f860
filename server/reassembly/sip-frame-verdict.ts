/**
 * What one frame turned out to carry, as decided by the UDP or TCP framing stage.
 * - `sip`: at least one SIP message completed in this frame.
 * - `keepalive`: a CRLF keep-alive (RFC 5626 §3.5.1) and no message.
 * - `not-sip` / `tls`: the bytes are not SIP (plain other protocol, or a TLS/DTLS record).
 * - `pending`: bytes were taken into a SIP message that is not complete yet.
 * - `empty`: no payload (a pure TCP ACK/SYN/FIN, an empty datagram).
 * - `retransmission`: every payload byte had already been received.
 */
export type FrameVerdict = 'sip' | 'keepalive' | 'not-sip' | 'tls' | 'pending' | 'empty' | 'retransmission';
