import type { DocumentReference } from '@medplum/fhirtypes';
import { mappedLayout, tableTitle } from '../tables.js';
import type { Xml130TableName } from '../layout.js';
import type { VisitKeys } from './context.js';
import { rowId } from './ids.js';

export const RECEIVED_TABLE_SYSTEM = 'http://fhir.lienthong.vn/CodeSystem/xml130-table';

/**
 * A table we do not map yet (XML0, XML6–XML12, XML15), kept exactly as
 * received: a DocumentReference of the visit holding the table's XML, so
 * nothing a facility sent is lost and a later mapping can read it back.
 */
export function receivedTableResource(keys: VisitKeys, table: Xml130TableName, xml: string): DocumentReference {
  const title = tableTitle(table);
  return {
    resourceType: 'DocumentReference',
    id: rowId(keys.facility, keys.maLk, table, 'received'),
    status: 'current',
    type: {
      coding: [{ system: RECEIVED_TABLE_SYSTEM, code: table, ...(title ? { display: title.vi } : {}) }],
      text: title ? `${table} · ${title.vi} · ${title.en}` : table,
    },
    subject: keys.patient,
    description: `${table} as received, not yet mapped · chưa ánh xạ, lưu nguyên văn`,
    content: [
      {
        attachment: {
          contentType: 'application/xml; charset=utf-8',
          data: Buffer.from(xml, 'utf8').toString('base64'),
          title: `${table}.xml`,
        },
      },
    ],
    context: { encounter: [keys.encounter] },
  };
}

/** The tables of a visit that no mapping reads. */
export function unmappedTables(received: Partial<Record<Xml130TableName, string>>): [Xml130TableName, string][] {
  return (Object.entries(received) as [Xml130TableName, string][]).filter(([name]) => !mappedLayout(name));
}
