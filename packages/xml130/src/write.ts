import type { TableLayout } from './layout.js';
import { cleanText, escapeXml } from './format.js';

/*
 * Writing XML 130 as HIS export it: every field of the table in the
 * decision's order (empty when there is nothing), and the GIAMDINHHS
 * envelope carrying each table as base64. The generator and the export
 * write through here, so their files cannot drift apart.
 */

/** One row of a table to write: field name → value (missing fields are written empty). */
export type WriteRow = Readonly<Record<string, string | undefined>>;

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

interface CompiledLayout {
  known: ReadonlySet<string>;
  /** Per field: its name, the opening tag, the closing tag with newline, the empty element with newline (indent included). */
  tags: readonly (readonly [string, string, string, string])[];
}

const compiled = new WeakMap<TableLayout, CompiledLayout>();

// Tags are built once per table, not once per field of every row: files are written by the million.
function compile(layout: TableLayout): CompiledLayout {
  let c = compiled.get(layout);
  if (!c) {
    // XML1's fields sit under its root; the list tables' under root / list / row.
    const indent = layout.list ? '      ' : '  ';
    c = {
      known: new Set(layout.fields),
      tags: layout.fields.map((f) => [f, `${indent}<${f}>`, `</${f}>\n`, `${indent}<${f}/>\n`] as const),
    };
    compiled.set(layout, c);
  }
  return c;
}

function rowElements(layout: TableLayout, row: WriteRow): string {
  const { known, tags } = compile(layout);
  for (const key in row) {
    // A misspelt field would silently vanish from the file: refuse it.
    if (!known.has(key)) throw new Error(`${layout.name} has no field ${key}`);
  }
  let out = '';
  for (const [field, open, close, empty] of tags) {
    const raw = row[field];
    const value = raw ? cleanText(raw) : '';
    out += value === '' ? empty : open + escapeXml(value) + close;
  }
  return out.slice(0, -1);
}

/** An inner table as its own XML document (the text that NOIDUNGFILE carries in base64). */
export function writeTable(layout: TableLayout, rows: readonly WriteRow[]): string {
  if (!layout.list || !layout.row) {
    if (rows.length !== 1) throw new Error(`${layout.name} holds exactly one row, got ${rows.length}`);
    return `${DECLARATION}\n<${layout.root}>\n${rowElements(layout, rows[0]!)}\n</${layout.root}>\n`;
  }
  const items = rows.map((row) => `    <${layout.row}>\n${rowElements(layout, row)}\n    </${layout.row}>`);
  return `${DECLARATION}\n<${layout.root}>\n  <${layout.list}>\n${items.join('\n')}\n  </${layout.list}>\n</${layout.root}>\n`;
}

/**
 * One visit's file: the GIAMDINHHS envelope with one HOSO whose FILEHOSO
 * entries carry each table as base64 of its UTF-8 text, in the order given.
 * NGAYLAP (yyyymmdd) is the caller's, so the same records give the same
 * bytes; the signature element is present and empty (unsigned).
 */
export function writeEnvelope(
  facilityCode: string,
  createdOn: string,
  tables: readonly { layout: TableLayout; xml: string }[],
): string {
  const files = tables.map(
    ({ layout, xml }) =>
      `        <FILEHOSO>\n          <LOAIHOSO>${layout.name}</LOAIHOSO>\n          <NOIDUNGFILE>${Buffer.from(xml, 'utf8').toString('base64')}</NOIDUNGFILE>\n        </FILEHOSO>`,
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<GIAMDINHHS>',
    '  <THONGTINDONVI>',
    `    <MACSKCB>${escapeXml(facilityCode)}</MACSKCB>`,
    '  </THONGTINDONVI>',
    '  <THONGTINHOSO>',
    `    <NGAYLAP>${escapeXml(createdOn)}</NGAYLAP>`,
    '    <SOLUONGHOSO>1</SOLUONGHOSO>',
    '    <DANHSACHHOSO>',
    '      <HOSO>',
    ...files,
    '      </HOSO>',
    '    </DANHSACHHOSO>',
    '  </THONGTINHOSO>',
    '  <CHUKYDONVI/>',
    '</GIAMDINHHS>',
    '',
  ].join('\n');
}
