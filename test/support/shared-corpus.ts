import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared corpus sits beside the project checkout (`../shared`); CI has it, a laptop may not. */
export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const PCAP_DIR = `${SHARED_DIR}pcaps/`;
export const ORACLE_DIR = `${PCAP_DIR}oracle/`;
export const RFC4475_DIR = `${SHARED_DIR}rfc4475/`;
export const hasPcapCorpus = existsSync(`${PCAP_DIR}MANIFEST.tsv`);
export const SKIP_PCAPS_MESSAGE = `../shared/pcaps not found at ${PCAP_DIR}: skipping the real-capture tests`;

/** Rows of a TSV file with a header line, as objects keyed by column name. */
export function readTsv(path: string): Record<string, string>[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row;
  });
}

export interface ManifestRow {
  file: string;
  packets: number;
  sipMessages: number;
  distinctCallIds: number;
  linkType: string;
  format: string;
}

export function readManifest(): ManifestRow[] {
  return readTsv(`${PCAP_DIR}MANIFEST.tsv`).map((r) => ({
    file: r.file,
    packets: Number(r.packets),
    sipMessages: Number(r.sip_messages_oracle),
    distinctCallIds: Number(r.distinct_call_ids),
    linkType: r.link_type,
    format: r.file_format,
  }));
}
