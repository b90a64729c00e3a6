import type { Xml130TableName } from './layout.js';
import { tableOfRoot, mappedLayout } from './tables.js';
import { readXml130File } from './read/read-file.js';
import { readTableRows } from './read/read-table.js';
import { parseSafely } from './read/safe-xml.js';

/**
 * A strict reader for files that must be right (the generator's own output
 * in tests): the first error throws. To check files from elsewhere use
 * readXml130File, which reports problems instead.
 */
export interface Xml130Envelope {
  /** MACSKCB of THONGTINDONVI. */
  facilityCode: string;
  /** NGAYLAP (yyyymmdd). */
  createdOn: string;
  /** The inner tables of the first HOSO, decoded to XML text, by LOAIHOSO. */
  tables: Partial<Record<Xml130TableName, string>>;
  /** Every HOSO of the envelope (today's API sends one visit per file). */
  records: Partial<Record<Xml130TableName, string>>[];
}

export function readXml130Envelope(xml: string): Xml130Envelope {
  const file = readXml130File(xml, { maxBytes: Number.MAX_SAFE_INTEGER });
  const fail = file.problems.find((p) => p.severity === 'error');
  if (fail) throw new Error(fail.message.en);
  if (file.kind !== 'envelope') throw new Error('not an XML 130 envelope: no GIAMDINHHS element');
  const records: Partial<Record<Xml130TableName, string>>[] = [];
  for (const visit of file.visits()) {
    const bad = visit.problems.find((p) => p.severity === 'error' && p.rule !== 'visit.missing-summary');
    if (bad) throw new Error(bad.message.en);
    records.push(visit.received);
  }
  return { facilityCode: file.facilityCode, createdOn: file.createdOn, tables: records[0] ?? {}, records };
}

/**
 * The rows of an inner table as field → text: XML1's single TONG_HOP, or the
 * repeated rows of the list tables (CHI_TIET_THUOC, CHI_TIET_DVKT…).
 */
export function readXml130Rows(tableXml: string): Record<string, string>[] {
  const parsed = parseSafely(tableXml);
  if ('problem' in parsed) throw new Error(parsed.problem.message.en);
  const layout = mappedLayout(tableOfRoot(parsed.root.name) ?? '');
  if (!layout) throw new Error(`not a mapped XML 130 table: root ${parsed.root.name}`);
  return readTableRows(layout, parsed.root).rows;
}
