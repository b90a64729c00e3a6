import type { Province, ResidentLife, Visit } from '../model.js';
import {
  type TableLayout,
  type WriteRow as Row,
  XML1,
  XML2,
  XML3,
  XML4,
  XML5,
  writeEnvelope,
  writeTable,
  xmlDate,
} from '@lienthong/xml130';
import { visitContext } from './visit-context.js';
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
    .map(([layout, rows]) => ({ layout, xml: writeTable(layout, rows) }));
}

/**
 * One visit as the XML 130 file a facility's HIS sends the insurance agency.
 * NGAYLAP is the visit's end date (never today), so the same records always
 * give the same bytes.
 */
export function visitXml130(province: Province, life: ResidentLife, visit: Visit): string {
  return writeEnvelope(visit.facilityCode, xmlDate(visit.end), visitTables(province, life, visit));
}

/** `{MA_CSKCB}_{MA_LK}.xml`, keeping only letters, digits, `-` and `.` of each part. */
export function xml130FileName(visit: Visit): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]/g, '_').replace(/^\.+/, '_');
  return `${safe(visit.facilityCode)}_${safe(visit.id)}.xml`;
}
