/**
 * libpcap's MAXIMUM_SNAPLEN: no capture tool records more of a packet than this, so a record
 * claiming more than this and more than the file's snaplen is corrupt.
 */
export const MAX_SANE_CAPLEN = 262144;

/**
 * No record longer than this is believed whatever the header says (libpcap's pcapng reader
 * uses the same 16 MiB ceiling for blocks). It bounds what a corrupt length can make us hold.
 */
export const MAX_RECORD_LENGTH = 16 * 1024 * 1024;
