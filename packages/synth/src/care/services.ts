import type { ServiceLine } from '../model.js';

/**
 * Chargeable services of a visit (XML 130 table 3) with BHYT prices in đồng.
 * MA_NHOM groups: 1 tests, 2 imaging, 3 functional tests, 8 procedures and
 * surgery, 13 examination, 15 inpatient bed-days. Prices follow the order of
 * magnitude of the national price list (Circular 22/2023/TT-BYT); the
 * MA_DICH_VU codes use the "chapter.item.price" layout but are synthetic.
 */
export interface Service {
  code: string;
  name: string;
  group: string;
  price: number;
}

const EXAMINATION: Record<2 | 3 | 4, Service> = {
  2: { code: '01.1896.0001', name: 'Khám bệnh (bệnh viện hạng I)', group: '13', price: 42_100 },
  3: { code: '01.1897.0001', name: 'Khám bệnh (bệnh viện hạng II, III)', group: '13', price: 38_700 },
  4: { code: '01.1899.0001', name: 'Khám bệnh (trạm y tế xã)', group: '13', price: 34_500 },
};

const BED_DAY: Record<2 | 3 | 4, Service> = {
  2: { code: '01.1902.0015', name: 'Ngày giường bệnh Nội khoa (hạng I)', group: '15', price: 214_100 },
  3: { code: '01.1903.0015', name: 'Ngày giường bệnh Nội khoa (hạng II, III)', group: '15', price: 177_100 },
  4: { code: '01.1905.0015', name: 'Ngày giường bệnh (trạm y tế xã)', group: '15', price: 67_400 },
};

export const SERVICES = {
  chestXray: { code: '18.0119.0028', name: 'Chụp X-quang ngực thẳng', group: '2', price: 65_400 },
  limbXray: { code: '18.0082.0028', name: 'Chụp X-quang cẳng tay thẳng nghiêng', group: '2', price: 97_200 },
  headCt: { code: '18.0206.0041', name: 'Chụp CT sọ não không tiêm thuốc cản quang', group: '2', price: 522_000 },
  abdominalUltrasound: { code: '18.0001.0001', name: 'Siêu âm ổ bụng', group: '2', price: 43_900 },
  obstetricUltrasound: { code: '18.0013.0001', name: 'Siêu âm thai', group: '2', price: 43_900 },
  ecg: { code: '21.0014.1778', name: 'Điện tim thường', group: '3', price: 32_800 },
  appendectomy: { code: '27.0220.0456', name: 'Phẫu thuật nội soi cắt ruột thừa', group: '8', price: 2_845_000 },
  caesarean: { code: '13.0008.0649', name: 'Phẫu thuật lấy thai lần đầu', group: '8', price: 2_570_000 },
  delivery: { code: '13.0070.0675', name: 'Đỡ đẻ thường ngôi chỏm', group: '8', price: 706_000 },
  woundSuture: {
    code: '03.3826.0212',
    name: 'Khâu vết thương phần mềm nông dài dưới 10 cm',
    group: '8',
    price: 182_000,
  },
  castApplication: { code: '10.9001.0508', name: 'Bó bột cẳng tay', group: '8', price: 172_000 },
  nebulisation: { code: '02.0085.0083', name: 'Khí dung thuốc cấp cứu', group: '8', price: 22_300 },
} as const satisfies Record<string, Service>;

export type ServiceKey = keyof typeof SERVICES;

export function examinationService(level: 2 | 3 | 4): Service {
  return EXAMINATION[level];
}

export function bedDayService(level: 2 | 3 | 4): Service {
  return BED_DAY[level];
}

export function serviceLine(service: Service, quantity: number, at: string): ServiceLine {
  return { code: service.code, name: service.name, group: service.group, quantity, unitPrice: service.price, at };
}
