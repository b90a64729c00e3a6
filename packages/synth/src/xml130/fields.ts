/**
 * The inner tables of an XML 130 file: root and row elements, the fields in
 * the order of the tables of 130/QĐ-BYT as amended by 4750/QĐ-BYT (NHOM_MAU
 * placed after GIOI_TINH as the amended XML1 template does), and the maximum
 * lengths we cut free text to. A file carries every field of its table, empty
 * when we have nothing for it, as HIS exports do.
 */

export type Xml130TableName = `XML${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15}`;

export interface TableLayout {
  name: Xml130TableName;
  /** Root element; for XML1 also the row. */
  root: string;
  /** List element and repeated row element of the tables with many rows. */
  list?: string;
  row?: string;
  fields: readonly string[];
}

export const XML1: TableLayout = {
  name: 'XML1',
  root: 'TONG_HOP',
  // prettier-ignore
  fields: [
    'MA_LK', 'STT', 'MA_BN', 'HO_TEN', 'SO_CCCD', 'NGAY_SINH', 'GIOI_TINH', 'NHOM_MAU', 'MA_QUOCTICH', 'MA_DANTOC',
    'MA_NGHE_NGHIEP', 'DIA_CHI', 'MATINH_CU_TRU', 'MAHUYEN_CU_TRU', 'MAXA_CU_TRU', 'DIEN_THOAI', 'MA_THE_BHYT',
    'MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN', 'NGAY_MIEN_CCT', 'LY_DO_VV', 'LY_DO_VNT', 'MA_LY_DO_VNT', 'CHAN_DOAN_VAO',
    'CHAN_DOAN_RV', 'MA_BENH_CHINH', 'MA_BENH_KT', 'MA_BENH_YHCT', 'MA_PTTT_QT', 'MA_DOITUONG_KCB', 'MA_NOI_DI',
    'MA_NOI_DEN', 'MA_TAI_NAN', 'NGAY_VAO', 'NGAY_VAO_NOI_TRU', 'NGAY_RA', 'GIAY_CHUYEN_TUYEN', 'SO_NGAY_DTRI',
    'PP_DIEU_TRI', 'KET_QUA_DTRI', 'MA_LOAI_RV', 'GHI_CHU', 'NGAY_TTOAN', 'T_THUOC', 'T_VTYT', 'T_TONGCHI_BV',
    'T_TONGCHI_BH', 'T_BNTT', 'T_BNCCT', 'T_BHTT', 'T_NGUONKHAC', 'T_BHTT_GDV', 'NAM_QT', 'THANG_QT', 'MA_LOAI_KCB',
    'MA_KHOA', 'MA_CSKCB', 'MA_KHUVUC', 'CAN_NANG', 'CAN_NANG_CON', 'NAM_NAM_LIEN_TUC', 'NGAY_TAI_KHAM', 'MA_HSBA',
    'MA_TTDV', 'DU_PHONG',
  ],
};

export const XML2: TableLayout = {
  name: 'XML2',
  root: 'CHITIEU_CHITIET_THUOC',
  list: 'DSACH_CHI_TIET_THUOC',
  row: 'CHI_TIET_THUOC',
  // prettier-ignore
  fields: [
    'MA_LK', 'STT', 'MA_THUOC', 'MA_PP_CHEBIEN', 'MA_CSKCB_THUOC', 'MA_NHOM', 'TEN_THUOC', 'DON_VI_TINH', 'HAM_LUONG',
    'DUONG_DUNG', 'DANG_BAO_CHE', 'LIEU_DUNG', 'CACH_DUNG', 'SO_DANG_KY', 'TT_THAU', 'PHAM_VI', 'TYLE_TT_BH',
    'SO_LUONG', 'DON_GIA', 'THANH_TIEN_BV', 'THANH_TIEN_BH', 'T_NGUONKHAC_NSNN', 'T_NGUONKHAC_VTNN',
    'T_NGUONKHAC_VTTN', 'T_NGUONKHAC_CL', 'T_NGUONKHAC', 'MUC_HUONG', 'T_BNTT', 'T_BNCCT', 'T_BHTT', 'MA_KHOA',
    'MA_BAC_SI', 'MA_DICH_VU', 'NGAY_YL', 'NGAY_TH_YL', 'MA_PTTT', 'NGUON_CTRA', 'VET_THUONG_TP', 'DU_PHONG',
  ],
};

export const XML3: TableLayout = {
  name: 'XML3',
  root: 'CHITIEU_CHITIET_DVKT_VTYT',
  list: 'DSACH_CHI_TIET_DVKT',
  row: 'CHI_TIET_DVKT',
  // prettier-ignore
  fields: [
    'MA_LK', 'STT', 'MA_DICH_VU', 'MA_PTTT_QT', 'MA_VAT_TU', 'MA_NHOM', 'GOI_VTYT', 'TEN_VAT_TU', 'TEN_DICH_VU',
    'MA_XANG_DAU', 'DON_VI_TINH', 'PHAM_VI', 'SO_LUONG', 'DON_GIA_BV', 'DON_GIA_BH', 'TT_THAU', 'TYLE_TT_DV',
    'TYLE_TT_BH', 'THANH_TIEN_BV', 'THANH_TIEN_BH', 'T_TRANTT', 'MUC_HUONG', 'T_NGUONKHAC_NSNN', 'T_NGUONKHAC_VTNN',
    'T_NGUONKHAC_VTTN', 'T_NGUONKHAC_CL', 'T_NGUONKHAC', 'T_BNTT', 'T_BNCCT', 'T_BHTT', 'MA_KHOA', 'MA_GIUONG',
    'MA_BAC_SI', 'NGUOI_THUC_HIEN', 'MA_BENH', 'MA_BENH_YHCT', 'NGAY_YL', 'NGAY_TH_YL', 'NGAY_KQ', 'MA_PTTT',
    'VET_THUONG_TP', 'PP_VO_CAM', 'VI_TRI_TH_DVKT', 'MA_MAY', 'MA_HIEU_SP', 'TAI_SU_DUNG', 'DU_PHONG',
  ],
};

export const XML4: TableLayout = {
  name: 'XML4',
  root: 'CHITIEU_CHITIET_DICHVUCANLAMSANG',
  list: 'DSACH_CHI_TIET_CLS',
  row: 'CHI_TIET_CLS',
  // prettier-ignore
  fields: [
    'MA_LK', 'STT', 'MA_DICH_VU', 'MA_CHI_SO', 'TEN_CHI_SO', 'GIA_TRI', 'DON_VI_DO', 'MO_TA', 'KET_LUAN', 'NGAY_KQ',
    'MA_BS_DOC_KQ', 'DU_PHONG',
  ],
};

export const XML5: TableLayout = {
  name: 'XML5',
  root: 'CHITIEU_CHITIET_DIENBIENLAMSANG',
  list: 'DSACH_CHI_TIET_DIEN_BIEN_BENH',
  row: 'CHI_TIET_DIEN_BIEN_BENH',
  // prettier-ignore
  fields: [
    'MA_LK', 'STT', 'DIEN_BIEN_LS', 'GIAI_DOAN_BENH', 'HOI_CHAN', 'PHAU_THUAT', 'THOI_DIEM_DBLS', 'NGUOI_THUC_HIEN',
    'DU_PHONG',
  ],
};

/** Row elements of the many-row tables, for readers that must know which elements repeat. */
export const ROW_ELEMENTS: readonly string[] = [XML2, XML3, XML4, XML5].map((t) => t.row!).concat(['TRANG_THAI_KCB']);

/** Maximum lengths (characters) of the free-text fields we fill, from the tables of the decision. */
export const MAX_LENGTH = {
  HO_TEN: 255,
  DIA_CHI: 1024,
  DIEN_THOAI: 15,
  MA_BENH_KT: 100,
  TEN_THUOC: 1024,
  DON_VI_TINH: 50,
  HAM_LUONG: 1024,
  LIEU_DUNG: 1024,
  CACH_DUNG: 1024,
  TEN_DICH_VU: 1024,
  TEN_CHI_SO: 255,
  GIA_TRI: 50,
  DON_VI_DO: 50,
  MA_BAC_SI: 255,
} as const;
