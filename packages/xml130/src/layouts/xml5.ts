import { tableLayout } from '../layout.js';

/** XML5 (CHI_TIET_DIEN_BIEN_BENH), the clinical course: table 5 of 130/QĐ-BYT as amended by 4750/QĐ-BYT. */
// prettier-ignore
export const XML5 = tableLayout(
  {
    name: 'XML5',
    title: { vi: 'Diễn biến lâm sàng', en: 'clinical course' },
    root: 'CHITIEU_CHITIET_DIENBIENLAMSANG',
    list: 'DSACH_CHI_TIET_DIEN_BIEN_BENH',
    row: 'CHI_TIET_DIEN_BIEN_BENH',
  },
  [
    'MA_LK text(100) required',
    'STT int(10)',
    'DIEN_BIEN_LS text required',
    'GIAI_DOAN_BENH text',
    'HOI_CHAN text',
    'PHAU_THUAT text',
    'THOI_DIEM_DBLS datetime required',
    'NGUOI_THUC_HIEN text(255)',
    'DU_PHONG text',
  ],
);
