import type { TableLayout, Xml130TableName } from './layout.js';
import { XML1 } from './layouts/xml1.js';
import { XML2 } from './layouts/xml2.js';
import { XML3 } from './layouts/xml3.js';
import { XML4 } from './layouts/xml4.js';
import { XML5 } from './layouts/xml5.js';
import { XML13 } from './layouts/xml13.js';
import { XML14 } from './layouts/xml14.js';

export { XML1, XML2, XML3, XML4, XML5, XML13, XML14 };

/** The tables whose fields we know and check (issue 6: XML1–XML5, XML13, XML14). */
export const MAPPED_TABLES: readonly TableLayout[] = [XML1, XML2, XML3, XML4, XML5, XML13, XML14];

const BY_NAME = new Map<string, TableLayout>(MAPPED_TABLES.map((t) => [t.name, t]));

export function mappedLayout(name: string): TableLayout | undefined {
  return BY_NAME.get(name);
}

/** LOAIHOSO values the decision defines: XML0 (check-in) to XML15 (TB treatment). */
export function isXml130TableName(name: string): name is Xml130TableName {
  return /^XML(?:[0-9]|1[0-5])$/.test(name);
}

/**
 * What the tables we do not map yet hold (vn-standards.md §1), and the root
 * elements a bare file of that table starts with. Only XML0's root is
 * confirmed by the reference; the others are as HIS exports name them
 * (unverified): a bare file with another root is reported as not XML 130.
 */
export const UNMAPPED_TABLES: Readonly<
  Record<string, { title: { vi: string; en: string }; roots: readonly string[] }>
> = {
  XML0: { title: { vi: 'Trạng thái khám chữa bệnh', en: 'check-in' }, roots: ['CHI_TIEU_TRANG_THAI_KCB'] },
  XML6: {
    title: { vi: 'Chăm sóc và điều trị HIV/AIDS', en: 'HIV care' },
    roots: ['CHI_TIEU_HO_SO_BENH_AN_CHAM_SOC_VA_DIEU_TRI_HIV_AIDS'],
  },
  XML7: { title: { vi: 'Giấy ra viện', en: 'discharge paper' }, roots: ['CHI_TIEU_DU_LIEU_GIAY_RA_VIEN'] },
  XML8: {
    title: { vi: 'Tóm tắt hồ sơ bệnh án', en: 'record summary' },
    roots: ['CHI_TIEU_DU_LIEU_TOM_TAT_HO_SO_BENH_AN'],
  },
  XML9: { title: { vi: 'Giấy chứng sinh', en: 'birth certificate' }, roots: ['CHI_TIEU_DU_LIEU_GIAY_CHUNG_SINH'] },
  XML10: {
    title: { vi: 'Giấy nghỉ dưỡng thai', en: 'pregnancy leave' },
    roots: ['CHI_TIEU_DU_LIEU_GIAY_NGHI_DUONG_THAI'],
  },
  XML11: {
    title: { vi: 'Giấy chứng nhận nghỉ việc hưởng BHXH', en: 'sick leave' },
    roots: ['CHI_TIEU_DU_LIEU_GIAY_CHUNG_NHAN_NGHI_VIEC_HUONG_BAO_HIEM_XA_HOI'],
  },
  XML12: { title: { vi: 'Giám định y khoa', en: 'medical assessment' }, roots: ['CHI_TIEU_DU_LIEU_GIAM_DINH_Y_KHOA'] },
  XML15: { title: { vi: 'Điều trị bệnh lao', en: 'TB treatment' }, roots: ['CHI_TIEU_DU_LIEU_DIEU_TRI_BENH_LAO'] },
};

/** Which table a document with this root element is, for files that carry one bare table. */
export function tableOfRoot(root: string): Xml130TableName | undefined {
  for (const t of MAPPED_TABLES) if (t.root === root || t.otherRoots?.includes(root)) return t.name;
  for (const [name, t] of Object.entries(UNMAPPED_TABLES)) if (t.roots.includes(root)) return name as Xml130TableName;
  return undefined;
}

export function tableTitle(name: string): { vi: string; en: string } | undefined {
  return mappedLayout(name)?.title ?? UNMAPPED_TABLES[name]?.title;
}

/** Maximum lengths of a table's text field, for writers that cut free text to fit. */
export function maxLength(layout: TableLayout, field: string): number | undefined {
  return layout.spec[field]?.max;
}

/** The maximum lengths of the free-text fields the generator fills, from the layouts above. */
export const MAX_LENGTH = {
  HO_TEN: XML1.spec.HO_TEN!.max!,
  DIA_CHI: XML1.spec.DIA_CHI!.max!,
  DIEN_THOAI: XML1.spec.DIEN_THOAI!.max!,
  MA_BENH_KT: XML1.spec.MA_BENH_KT!.max!,
  TEN_THUOC: XML2.spec.TEN_THUOC!.max!,
  DON_VI_TINH: XML2.spec.DON_VI_TINH!.max!,
  HAM_LUONG: XML2.spec.HAM_LUONG!.max!,
  LIEU_DUNG: XML2.spec.LIEU_DUNG!.max!,
  CACH_DUNG: XML2.spec.CACH_DUNG!.max!,
  TEN_DICH_VU: XML3.spec.TEN_DICH_VU!.max!,
  TEN_CHI_SO: XML4.spec.TEN_CHI_SO!.max!,
  GIA_TRI: XML4.spec.GIA_TRI!.max!,
  DON_VI_DO: XML4.spec.DON_VI_DO!.max!,
  MA_BAC_SI: XML2.spec.MA_BAC_SI!.max!,
} as const;
