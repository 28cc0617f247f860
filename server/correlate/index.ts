// The correlate stage: transactions (RFC 3261 §17), dialogs (§12), calls and linked legs, metrics.
export { Correlator, type CorrelatorOptions, type MessageLabels } from './correlator.js';
export { TransactionTracker, type MessageRole, type TransactionUpdate } from './transaction-tracker.js';
export { DialogTracker, type DialogUpdate } from './dialog-tracker.js';
export { DEFAULT_LINK_HEADERS } from './link-keys.js';
export { callKindOf } from './call-kind.js';
export { mediaOfMessage, scanSdpMedia, mediaFromSdp } from './media-from-sdp.js';
