import { tableLayout } from '../layout.js';

/** XML4 (CHI_TIET_CLS), one row per paraclinical indicator: table 4 of 130/QĐ-BYT as amended by 4750/QĐ-BYT. */
// prettier-ignore
export const XML4 = tableLayout(
  {
    name: 'XML4',
    title: { vi: 'Chi tiết cận lâm sàng', en: 'paraclinical results' },
    root: 'CHITIEU_CHITIET_DICHVUCANLAMSANG',
    list: 'DSACH_CHI_TIET_CLS',
    row: 'CHI_TIET_CLS',
  },
  [
    'MA_LK text(100) required',
    'STT int(10)',
    'MA_DICH_VU text(15) required',
    'MA_CHI_SO text(255)',
    'TEN_CHI_SO text(255)',
    'GIA_TRI text(50)',
    'DON_VI_DO text(50)',
    'MO_TA text',
    'KET_LUAN text',
    'NGAY_KQ datetime required',
    'MA_BS_DOC_KQ text(255)',
    'DU_PHONG text',
  ],
);
