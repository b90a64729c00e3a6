import { tableLayout } from '../layout.js';

/**
 * XML3 (CHI_TIET_DVKT), one row per service, bed-day or medical supply:
 * table 3 of 130/QĐ-BYT as amended by 4750/QĐ-BYT. A row names a service
 * (MA_DICH_VU) or a supply (MA_VAT_TU), so neither alone is required.
 * TT_THAU is 50 characters: 4750's erratum raised it from 25.
 */
// prettier-ignore
export const XML3 = tableLayout(
  {
    name: 'XML3',
    title: { vi: 'Chi tiết dịch vụ kỹ thuật và vật tư y tế', en: 'services and medical supplies' },
    root: 'CHITIEU_CHITIET_DVKT_VTYT',
    list: 'DSACH_CHI_TIET_DVKT',
    row: 'CHI_TIET_DVKT',
  },
  [
    'MA_LK text(100) required',
    'STT int(10)',
    'MA_DICH_VU text(50)',
    'MA_PTTT_QT text(255)',
    'MA_VAT_TU text(255)',
    'MA_NHOM int(2) required',
    'GOI_VTYT text(3)',
    'TEN_VAT_TU text(1024)',
    'TEN_DICH_VU text(1024)',
    'MA_XANG_DAU text(20)',
    'DON_VI_TINH text(50)',
    'PHAM_VI int(1)',
    'SO_LUONG decimal(10,3) required',
    'DON_GIA_BV decimal(15,3) required',
    'DON_GIA_BH decimal(15,3)',
    'TT_THAU text(50)',
    'TYLE_TT_DV int(3)',
    'TYLE_TT_BH int(3)',
    'THANH_TIEN_BV decimal(15,2) required',
    'THANH_TIEN_BH decimal(15,2)',
    'T_TRANTT decimal(15,2)',
    'MUC_HUONG int(3)',
    'T_NGUONKHAC_NSNN decimal(15,2)',
    'T_NGUONKHAC_VTNN decimal(15,2)',
    'T_NGUONKHAC_VTTN decimal(15,2)',
    'T_NGUONKHAC_CL decimal(15,2)',
    'T_NGUONKHAC decimal(15,2)',
    'T_BNTT decimal(15,2)',
    'T_BNCCT decimal(15,2)',
    'T_BHTT decimal(15,2)',
    'MA_KHOA text(50)',
    'MA_GIUONG text(50)',
    'MA_BAC_SI text(255)',
    'NGUOI_THUC_HIEN text(255)',
    'MA_BENH text(100)',
    'MA_BENH_YHCT text(255)',
    'NGAY_YL datetime required',
    'NGAY_TH_YL datetime',
    'NGAY_KQ datetime',
    'MA_PTTT int(1)',
    'VET_THUONG_TP int(1)',
    'PP_VO_CAM int(1)',
    'VI_TRI_TH_DVKT int(3)',
    'MA_MAY text(1024)',
    'MA_HIEU_SP text(255)',
    'TAI_SU_DUNG int(1)',
    'DU_PHONG text',
  ],
);
