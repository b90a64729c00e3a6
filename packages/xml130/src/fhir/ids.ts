import { createHash } from 'node:crypto';

/**
 * Ids of the resources an XML 130 visit becomes. They are derived from what
 * names the row in the file — facility, MA_LK, table, row — as a name-based
 * UUID (SHA-1, version 5 layout of RFC 9562 under our own namespace), so
 * importing the same visit again addresses the same resources and an amended
 * file updates them instead of adding copies.
 */
const NAMESPACE = Buffer.from('6f0c7a5e2b8d4c1e9a3f5d7b1c2e4a60', 'hex');

export function xml130Id(...parts: (string | number)[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u001f'), 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The id of a row's resource: facility, visit, table and the row's place (its STT when it has one). */
export function rowId(facility: string, maLk: string, table: string, row: string | number, kind = ''): string {
  return xml130Id(facility, maLk, table, row, kind);
}
