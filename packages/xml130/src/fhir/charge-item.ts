import type { ChargeItem } from '@medplum/fhirtypes';
import { CS } from '@lienthong/core';
import type { Row } from '../read/read-table.js';
import { type VisitKeys, rowKey } from './context.js';
import { rowId } from './ids.js';
import { isProcedureRow, procedureId } from './procedure.js';
import {
  compact,
  facilityRef,
  fhirDateTime,
  fieldsExtension,
  lossyFields,
  num,
  practitionerRef,
  practitionerRefs,
} from './values.js';

/** XML3 fields with no ChargeItem element: group, tender, rates, money columns, bed, machine… */
export const CHARGE_FIELDS = [
  'STT',
  'MA_PTTT_QT',
  'MA_NHOM',
  'GOI_VTYT',
  'MA_XANG_DAU',
  'DON_VI_TINH',
  'PHAM_VI',
  'DON_GIA_BH',
  'TT_THAU',
  'TYLE_TT_DV',
  'TYLE_TT_BH',
  'THANH_TIEN_BV',
  'THANH_TIEN_BH',
  'T_TRANTT',
  'MUC_HUONG',
  'T_NGUONKHAC_NSNN',
  'T_NGUONKHAC_VTNN',
  'T_NGUONKHAC_VTTN',
  'T_NGUONKHAC_CL',
  'T_NGUONKHAC',
  'T_BNTT',
  'T_BNCCT',
  'T_BHTT',
  'MA_KHOA',
  'MA_GIUONG',
  'MA_BENH',
  'MA_BENH_YHCT',
  'NGAY_TH_YL',
  'NGAY_KQ',
  'MA_PTTT',
  'VET_THUONG_TP',
  'PP_VO_CAM',
  'VI_TRI_TH_DVKT',
  'MA_MAY',
  'MA_HIEU_SP',
  'TAI_SU_DUNG',
  'DU_PHONG',
] as const;

/**
 * One XML3 row — a technical service, bed-day or medical supply — as a
 * billed ChargeItem: the service (MA_DICH_VU) or supply (MA_VAT_TU) code
 * with its name, quantity, unit price (DON_GIA_BV), who ordered it and when.
 * The tests' results are XML4's Observations; ChargeItem is what every row
 * has in common (a row is a charge whatever its kind). Who performed it
 * (NGUOI_THUC_HIEN, every licence) are its performers; a procedure's row is
 * also a Procedure, which the ChargeItem names as its service.
 */
export function chargeItemResource(keys: VisitKeys, row: Row, index: number): ChargeItem {
  const supply = !row.MA_DICH_VU && !!row.MA_VAT_TU;
  const name = (supply ? row.TEN_VAT_TU : row.TEN_DICH_VU) || row.TEN_DICH_VU || row.TEN_VAT_TU || undefined;
  const codings = [
    ...(row.MA_DICH_VU
      ? [compact({ system: CS.dichVu, code: row.MA_DICH_VU, display: row.TEN_DICH_VU || undefined })]
      : []),
    ...(row.MA_VAT_TU
      ? [compact({ system: CS.vatTu, code: row.MA_VAT_TU, display: row.TEN_VAT_TU || undefined })]
      : []),
  ];
  const quantity = num(row.SO_LUONG);
  const price = num(row.DON_GIA_BV);
  const requester = practitionerRef(row.MA_BAC_SI);
  const performers = practitionerRefs(row.NGUOI_THUC_HIEN);
  return compact<ChargeItem>({
    resourceType: 'ChargeItem',
    id: rowId(keys.facility, keys.maLk, 'XML3', rowKey(row, index)),
    extension: fieldsExtension(row, [
      ...CHARGE_FIELDS,
      ...lossyFields(row, {
        numbers: ['SO_LUONG', 'DON_GIA_BV'],
        single: ['MA_BAC_SI'],
        lists: ['NGUOI_THUC_HIEN'],
      }),
    ]),
    status: 'billed',
    code: compact({ coding: codings.length > 0 ? codings : undefined, text: name }),
    subject: keys.patient,
    context: keys.encounter,
    occurrenceDateTime: fhirDateTime(row.NGAY_YL),
    enterer: requester,
    performer: performers.length > 0 ? performers.map((actor) => ({ actor })) : undefined,
    performingOrganization: facilityRef(keys.facility),
    quantity: quantity !== undefined ? { value: quantity } : undefined,
    priceOverride: price !== undefined ? { value: price, currency: 'VND' } : undefined,
    service: isProcedureRow(row) ? [{ reference: `Procedure/${procedureId(keys, row, index)}` }] : undefined,
  });
}
