import type { Province, ResidentLife, Visit } from '../model.js';
import { type TableLayout, XML1, XML2, XML3, XML4, XML5, escapeXml, xmlDate } from '@lienthong/xml130';
import { visitContext } from './visit-context.js';
import { type Row, tableXml } from './write-table.js';
import { xml1Row } from './xml1.js';
import { xml2Rows } from './xml2.js';
import { xml3Rows } from './xml3.js';
import { xml4Rows } from './xml4.js';
import { xml5Rows } from './xml5.js';

/** The inner tables of a visit's file, in order: XML2 only with drugs, XML3 only with services, XML4 only with labs. */
export function visitTables(
  province: Province,
  life: ResidentLife,
  visit: Visit,
): { layout: TableLayout; xml: string }[] {
  const ctx = visitContext(province, life, visit);
  const tables: [TableLayout, Row[]][] = [
    [XML1, [xml1Row(ctx)]],
    [XML2, xml2Rows(ctx)],
    [XML3, xml3Rows(ctx)],
    [XML4, xml4Rows(ctx)],
    [XML5, xml5Rows(ctx)],
  ];
  return tables
    .filter(([, rows]) => rows.length > 0)
    .map(([layout, rows]) => ({ layout, xml: tableXml(layout, rows) }));
}

/**
 * One visit as the XML 130 file a facility's HIS sends the insurance agency:
 * the GIAMDINHHS envelope with one HOSO whose FILEHOSO entries carry each
 * inner table as base64 of its UTF-8 text. NGAYLAP is the visit's end date
 * (never today) so the same records always give the same bytes. The
 * signature element is present and empty: the file is synthetic and unsigned.
 */
export function visitXml130(province: Province, life: ResidentLife, visit: Visit): string {
  const files = visitTables(province, life, visit).map(
    ({ layout, xml }) =>
      `        <FILEHOSO>\n          <LOAIHOSO>${layout.name}</LOAIHOSO>\n          <NOIDUNGFILE>${Buffer.from(xml, 'utf8').toString('base64')}</NOIDUNGFILE>\n        </FILEHOSO>`,
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<GIAMDINHHS>',
    '  <THONGTINDONVI>',
    `    <MACSKCB>${escapeXml(visit.facilityCode)}</MACSKCB>`,
    '  </THONGTINDONVI>',
    '  <THONGTINHOSO>',
    `    <NGAYLAP>${xmlDate(visit.end)}</NGAYLAP>`,
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

/** `{MA_CSKCB}_{MA_LK}.xml`, keeping only letters, digits, `-` and `.` of each part. */
export function xml130FileName(visit: Visit): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]/g, '_').replace(/^\.+/, '_');
  return `${safe(visit.facilityCode)}_${safe(visit.id)}.xml`;
}
