/** The capture stage: capture files and streams in, RawFrame batches out; pcap/pcapng writers. */
export { CaptureError } from './capture-error.js';
export { CaptureReader, DEFAULT_CHUNK_SIZE, type CaptureReaderOptions } from './capture-reader.js';
export { CaptureParser } from './capture-parser.js';
export { PcapParser } from './pcap-parser.js';
export { PcapngParser, PcapngBlock, PcapngOption } from './pcapng-parser.js';
export type { ParserOptions } from './record-parser.js';
export { sniffFormat, type SniffedFormat } from './capture-magic.js';
export { LinkType, linkTypeName, type KnownLinkType } from './link-types.js';
export { TimestampResolution } from './timestamp-resolution.js';
export type { FrameToWrite } from './frame-to-write.js';
export type { OutputTarget } from './output-sink.js';
export { PcapWriter, encodePcap, encodePcapHeader, encodePcapRecord, type PcapWriterOptions } from './pcap-writer.js';
export {
  PcapngWriter,
  encodePcapng,
  encodeSectionHeader,
  encodeInterface,
  encodeEnhancedPacket,
  type PcapngWriterOptions,
  type PcapngInterfaceOptions,
} from './pcapng-writer.js';
