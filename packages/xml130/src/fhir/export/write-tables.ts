import type { TableLayout } from '../../layout.js';
import { MAPPED_TABLES } from '../../tables.js';
import { escapeXml } from '../../format.js';
import type { Row } from '../../read/read-table.js';

/** One inner table as its XML text: every field of the layout, in the decision's order, empty when absent. */
export function tableText(layout: TableLayout, rows: readonly Row[]): string {
  const fields = (row: Row, indent: string) =>
    layout.fields.map((f) => (row[f] ? `${indent}<${f}>${escapeXml(row[f])}</${f}>` : `${indent}<${f}/>`)).join('\n');
  const head = '<?xml version="1.0" encoding="utf-8"?>';
  if (!layout.list || !layout.row)
    return `${head}\n<${layout.root}>\n${fields(rows[0] ?? {}, '  ')}\n</${layout.root}>\n`;
  const items = rows.map((row) => `    <${layout.row}>\n${fields(row, '      ')}\n    </${layout.row}>`);
  return `${head}\n<${layout.root}>\n  <${layout.list}>\n${items.join('\n')}\n  </${layout.list}>\n</${layout.root}>\n`;
}

/** A GIAMDINHHS envelope with one HOSO carrying each non-empty table as base64 (as HIS send them). */
export function envelopeText(facility: string, createdOn: string, tables: Partial<Record<string, Row[]>>): string {
  const files = MAPPED_TABLES.filter((t) => (tables[t.name]?.length ?? 0) > 0).map(
    (t) =>
      `        <FILEHOSO>\n          <LOAIHOSO>${t.name}</LOAIHOSO>\n          <NOIDUNGFILE>${Buffer.from(tableText(t, tables[t.name]!), 'utf8').toString('base64')}</NOIDUNGFILE>\n        </FILEHOSO>`,
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<GIAMDINHHS>',
    `  <THONGTINDONVI>\n    <MACSKCB>${escapeXml(facility)}</MACSKCB>\n  </THONGTINDONVI>`,
    '  <THONGTINHOSO>',
    `    <NGAYLAP>${escapeXml(createdOn)}</NGAYLAP>`,
    '    <SOLUONGHOSO>1</SOLUONGHOSO>',
    '    <DANHSACHHOSO>\n      <HOSO>',
    ...files,
    '      </HOSO>\n    </DANHSACHHOSO>',
    '  </THONGTINHOSO>',
    '  <CHUKYDONVI/>',
    '</GIAMDINHHS>',
    '',
  ].join('\n');
}
