export type * from './frame.js';
export type * from './packet.js';
export type * from './sip-message.js';
export type * from './sip-slice.js';
export type { Diagnostic } from './diagnostic.js';
