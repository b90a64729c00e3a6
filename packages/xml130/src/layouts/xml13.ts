import { tableLayout } from '../layout.js';

/**
 * XML13, the referral paper (giấy chuyển tuyến), added by 4750/QĐ-BYT: one
 * row per visit that referred the patient on. The fields and their
 * lengths follow the amended table as HIS vendors transcribe it (checked
 * in 2026 against a vendor's column-by-column description of 4750, not
 * against the signed text itself): TEN_DICH_VU and TEN_THUOC 1024,
 * PHUONGTIEN_VC 255, the fields "as in XML1" as long as there. The
 * wrapping root element varies between exports (some put the row under a
 * CHI_TIEU_… root), so the reader finds the GIAY_CHUYEN_TUYEN element
 * under any of those roots. The row carries a field of its own name (the
 * paper's number).
 */
// prettier-ignore
export const XML13 = tableLayout(
  {
    name: 'XML13',
    title: { vi: 'Giấy chuyển tuyến', en: 'referral paper' },
    root: 'GIAY_CHUYEN_TUYEN',
    otherRoots: ['CHI_TIEU_GIAYCHUYENTUYEN', 'CHI_TIEU_DU_LIEU_GIAY_CHUYEN_TUYEN', 'DSACH_GIAY_CHUYEN_TUYEN'],
  },
  [
    'MA_LK text(100) required',
    'SO_HOSO text(50)',
    'SO_CHUYENTUYEN text(50)',
    'GIAY_CHUYEN_TUYEN text(50)',
    'MA_CSKCB text(5)',
    'MA_NOI_DI text(5)',
    'MA_NOI_DEN text(5)',
    'HO_TEN text(255)',
    'NGAY_SINH birth',
    'GIOI_TINH int(1)',
    'MA_QUOCTICH text(3)',
    'MA_DANTOC text(2)',
    'MA_NGHE_NGHIEP text(5)',
    'DIA_CHI text(1024)',
    'MA_THE_BHYT text(15) list',
    'GT_THE_DEN date list',
    'NGAY_VAO datetime',
    'NGAY_VAO_NOI_TRU datetime',
    'NGAY_RA datetime',
    'DAU_HIEU_LS text',
    'CHAN_DOAN_RV text',
    'QT_BENHLY text',
    'TOMTAT_KQ text',
    'PP_DIEUTRI text',
    'MA_BENH_CHINH text(7)',
    'MA_BENH_KT text(100)',
    'MA_BENH_YHCT text(255)',
    'TEN_DICH_VU text(1024)',
    'TEN_THUOC text(1024)',
    'PP_DIEU_TRI text',
    'MA_LOAI_RV int(1)',
    'MA_LYDO_CT int(1)',
    'HUONG_DIEU_TRI text',
    'PHUONGTIEN_VC text(255)',
    'HOTEN_NGUOI_HT text(255)',
    'CHUCDANH_NGUOI_HT text(255)',
    'MA_BAC_SI text(255)',
    'MA_TTDV text(10)',
    'DU_PHONG text',
  ],
);
