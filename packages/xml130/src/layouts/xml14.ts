import { tableLayout } from '../layout.js';

/**
 * XML14, the re-examination appointment paper (giấy hẹn khám lại), added
 * by 4750/QĐ-BYT. Lengths as for XML13 (a vendor's transcription of the
 * table). NGAY_HEN_KL is a day, but that transcription gives it 12
 * characters, yyyymmddHHMM, so both forms are accepted (`day`); NGAY_CT,
 * the day the paper was issued, is yyyymmdd. The wrapping root varies:
 * the reader finds the GIAY_HEN_KHAM_LAI element under any of the roots.
 */
// prettier-ignore
export const XML14 = tableLayout(
  {
    name: 'XML14',
    title: { vi: 'Giấy hẹn khám lại', en: 're-examination appointment' },
    root: 'GIAY_HEN_KHAM_LAI',
    otherRoots: ['CHI_TIEU_GIAYHEN_KHAMLAI', 'CHI_TIEU_DU_LIEU_GIAY_HEN_KHAM_LAI', 'DSACH_GIAY_HEN_KHAM_LAI'],
  },
  [
    'MA_LK text(100) required',
    'SO_GIAYHEN_KL text(50)',
    'MA_CSKCB text(5)',
    'HO_TEN text(255)',
    'NGAY_SINH birth',
    'GIOI_TINH int(1)',
    'DIA_CHI text(1024)',
    'MA_THE_BHYT text(15) list',
    'GT_THE_DEN date list',
    'NGAY_VAO datetime',
    'NGAY_VAO_NOI_TRU datetime',
    'NGAY_RA datetime',
    'NGAY_HEN_KL day',
    'CHAN_DOAN_RV text',
    'MA_BENH_CHINH text(7)',
    'MA_BENH_KT text(100)',
    'MA_BENH_YHCT text(255)',
    'MA_DOITUONG_KCB text(4)',
    'MA_BAC_SI text(255)',
    'MA_TTDV text(10)',
    'NGAY_CT date',
    'DU_PHONG text',
  ],
);
