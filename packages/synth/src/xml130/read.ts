import { XMLParser } from 'fast-xml-parser';
import { ROW_ELEMENTS, type Xml130TableName } from './fields.js';

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

const NOIDUNGFILE = 'GIAMDINHHS.THONGTINHOSO.DANHSACHHOSO.HOSO.FILEHOSO.NOIDUNGFILE';

const envelopeParser = new XMLParser({
  parseTagValue: false,
  ignoreDeclaration: true,
  // Some files carry the table as plain XML: keep it as text, not as parsed elements.
  stopNodes: [NOIDUNGFILE],
  isArray: (name) => name === 'HOSO' || name === 'FILEHOSO',
});

const tableParser = new XMLParser({
  parseTagValue: false,
  ignoreDeclaration: true,
  isArray: (name) => ROW_ELEMENTS.includes(name),
});

type Node = Record<string, unknown>;

function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' ? (node as Node)[name] : undefined;
}

function text(node: unknown): string {
  return typeof node === 'string' ? node : '';
}

/** The inner XML of NOIDUNGFILE: base64 of UTF-8, or (some files) the XML itself. */
function decodeContent(raw: string, table: string): string {
  let content = raw.trim();
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(content);
  if (cdata) content = cdata[1]!.trim();
  const xml = content.startsWith('<')
    ? content
    : Buffer.from(content, 'base64')
        .toString('utf8')
        .replace(/^\uFEFF/, '');
  if (!xml.trimStart().startsWith('<')) throw new Error(`NOIDUNGFILE of ${table} is neither XML nor base64 of XML`);
  return xml;
}

/** Reads the GIAMDINHHS envelope of an XML 130 file and decodes its inner tables. */
export function readXml130Envelope(xml: string): Xml130Envelope {
  const root = child(envelopeParser.parse(xml), 'GIAMDINHHS');
  if (root === undefined) throw new Error('not an XML 130 file: no GIAMDINHHS element');
  const info = child(root, 'THONGTINHOSO');
  const hoso = child(child(info, 'DANHSACHHOSO'), 'HOSO');
  const records = (Array.isArray(hoso) ? hoso : []).map((record) => {
    const tables: Partial<Record<Xml130TableName, string>> = {};
    const files = child(record, 'FILEHOSO');
    for (const file of Array.isArray(files) ? files : []) {
      const type = text(child(file, 'LOAIHOSO')).trim();
      if (!/^XML(?:[0-9]|1[0-5])$/.test(type)) throw new Error(`unknown LOAIHOSO ${JSON.stringify(type)}`);
      tables[type as Xml130TableName] = decodeContent(text(child(file, 'NOIDUNGFILE')), type);
    }
    return tables;
  });
  return {
    facilityCode: text(child(child(root, 'THONGTINDONVI'), 'MACSKCB')).trim(),
    createdOn: text(child(info, 'NGAYLAP')).trim(),
    tables: records[0] ?? {},
    records,
  };
}

/**
 * The rows of an inner table as field → text: XML1's single TONG_HOP, or the
 * repeated rows of the list tables (CHI_TIET_THUOC, CHI_TIET_DVKT…).
 */
export function readXml130Rows(tableXml: string): Record<string, string>[] {
  const doc = tableParser.parse(tableXml) as Node;
  const [rootName, root] = Object.entries(doc)[0] ?? [];
  if (rootName === undefined || root === null || typeof root !== 'object') throw new Error('empty XML 130 table');
  const asRow = (node: unknown): Record<string, string> =>
    Object.fromEntries(Object.entries(node as Node).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  // The list tables hold one DSACH_… element (possibly empty); XML1 holds the fields directly.
  const listName = Object.keys(root).find((k) => k.startsWith('DSACH'));
  if (listName === undefined) return [asRow(root)];
  const items = Object.values(child(root, listName) ?? {}).find(Array.isArray);
  return Array.isArray(items) ? items.map(asRow) : [];
}
