/**
 * The checker's rule catalogue: every rule id, its severity, what it checks
 * and its message in Vietnamese and English. Each message names the field
 * and says how to fix it. docs/integrators/xml130-check.md lists the same
 * rules (a test keeps the two in step).
 */

export type RuleParams = Readonly<Record<string, string | number | undefined>>;

interface RuleDef {
  severity: 'error' | 'warning';
  /** What the rule checks, for the catalogue. */
  checks: string;
  message: (p: RuleParams) => { vi: string; en: string };
}

const q = (v: string | number | undefined): string => `"${v ?? ''}"`;

function rule(severity: RuleDef['severity'], checks: string, message: RuleDef['message']): RuleDef {
  return { severity, checks, message };
}

export const RULES = {
  // ── the file ──
  'input.too-large': rule('error', 'the file is larger than the configured limit (default 20 MB)', (p) => ({
    vi: `Tệp nặng ${p.size}, vượt giới hạn ${p.limit}: chia thành các tệp nhỏ hơn (mỗi tệp một hoặc vài hồ sơ) hoặc nâng giới hạn (--max-size).`,
    en: `The file is ${p.size}, over the ${p.limit} limit: split it into smaller files (one or a few visits each) or raise the limit (--max-size).`,
  })),
  'input.encoding': rule(
    'error',
    'the file (or a decoded table) is not UTF-8: another declared encoding, a UTF-16 byte-order mark or invalid UTF-8 bytes',
    (p) => ({
      vi: p.declared
        ? `Tệp khai báo mã hóa ${q(p.declared)}: XML 130 phải là UTF-8, hãy xuất lại tệp với encoding="utf-8".`
        : p.utf16
          ? 'Tệp mã hóa UTF-16: XML 130 phải là UTF-8, hãy xuất lại tệp ở UTF-8.'
          : `Tệp có byte không hợp lệ trong UTF-8 (vị trí ${p.offset}): hãy xuất lại tệp ở UTF-8 (không dùng TCVN3/VNI/Windows-1258).`,
      en: p.declared
        ? `The file declares the encoding ${q(p.declared)}: XML 130 must be UTF-8; export it again with encoding="utf-8".`
        : p.utf16
          ? 'The file is UTF-16: XML 130 must be UTF-8; export it again as UTF-8.'
          : `The file has bytes that are not valid UTF-8 (at byte ${p.offset}): export it again as UTF-8 (not TCVN3, VNI or Windows-1258).`,
    }),
  ),
  'input.doctype': rule(
    'error',
    'a DOCTYPE or ENTITY declaration (refused: entity-expansion attacks; XML 130 needs none)',
    () => ({
      vi: 'Tệp có khai báo DOCTYPE/ENTITY: XML 130 không dùng khai báo này và hệ thống từ chối để tránh tấn công mở rộng thực thể; hãy bỏ khai báo và gửi lại.',
      en: 'The file has a DOCTYPE/ENTITY declaration: XML 130 uses none, and it is refused to prevent entity-expansion attacks; remove it and send the file again.',
    }),
  ),
  'input.malformed': rule('error', 'the file (or a decoded table) is not well-formed XML', (p) => ({
    vi: `XML không đúng cú pháp (dòng ${p.line}, cột ${p.col}): ${p.detail}. Hãy kiểm tra thẻ mở/đóng và ký tự đặc biệt (&, <) chưa được mã hóa.`,
    en: `The XML is not well-formed (line ${p.line}, column ${p.col}): ${p.detail}. Check the opening/closing tags and unescaped special characters (&, <).`,
  })),
  'input.empty': rule('error', 'the file (or a decoded table) holds no XML element at all', (p) => ({
    vi: p.table
      ? `NOIDUNGFILE của ${p.table} rỗng: đưa nội dung bảng vào.`
      : 'Tệp rỗng (không có phần tử XML nào): hãy xuất lại tệp từ phần mềm.',
    en: p.table
      ? `NOIDUNGFILE of ${p.table} is empty: put the table's content in it.`
      : 'The file is empty (no XML element at all): export it again.',
  })),
  'input.truncated': rule(
    'error',
    'the file (or a decoded table) ends before its elements are closed: it was cut short',
    (p) => ({
      vi: `${p.table ? `Bảng ${p.table}` : 'Tệp'} kết thúc trước khi đóng </${p.element}>: ${p.table ? 'bảng' : 'tệp'} bị cắt cụt — hãy xuất hoặc tải lại toàn bộ.`,
      en: `${p.table ? `Table ${p.table}` : 'The file'} ends before </${p.element}> is closed: it is truncated — export or transfer it again in full.`,
    }),
  ),
  'input.several-roots': rule('error', 'the file (or a decoded table) holds more than one root element', (p) => ({
    vi: `${p.table ? `Bảng ${p.table}` : 'Tệp'} có nhiều phần tử gốc (${p.roots}) trong khi XML chỉ được có một: hãy bỏ phần nằm sau thẻ đóng của phần tử gốc đầu tiên hoặc xuất lại ${p.table ? 'bảng' : 'tệp'}.`,
    en: `${p.table ? `Table ${p.table}` : 'The file'} holds several root elements (${p.roots}) where XML allows one: remove what follows the first root's closing tag, or export the ${p.table ? 'table' : 'file'} again.`,
  })),
  'input.not-xml130': rule('error', 'the root element is neither GIAMDINHHS nor the root of a known table', (p) => ({
    vi: `Phần tử gốc ${q(p.root)} không phải GIAMDINHHS hay bảng XML 130 nào: hãy gửi tệp hồ sơ giám định (GIAMDINHHS) hoặc một bảng (TONG_HOP, CHITIEU_CHITIET_THUOC…).`,
    en: `The root element ${q(p.root)} is neither GIAMDINHHS nor an XML 130 table: send the claim envelope (GIAMDINHHS) or one table (TONG_HOP, CHITIEU_CHITIET_THUOC…).`,
  })),

  // ── the envelope ──
  'envelope.no-records': rule('error', 'the envelope holds no HOSO with a FILEHOSO', () => ({
    vi: 'GIAMDINHHS không có hồ sơ nào (THONGTINHOSO/DANHSACHHOSO/HOSO/FILEHOSO): hãy đưa các bảng của lượt khám vào.',
    en: 'GIAMDINHHS holds no visit (THONGTINHOSO/DANHSACHHOSO/HOSO/FILEHOSO): put the tables of the visit in it.',
  })),
  'envelope.count': rule('warning', 'SOLUONGHOSO differs from the number of HOSO in the file', (p) => ({
    vi: `SOLUONGHOSO ghi ${q(p.value)} nhưng tệp có ${p.actual} hồ sơ: sửa SOLUONGHOSO cho đúng số HOSO.`,
    en: `SOLUONGHOSO says ${q(p.value)} but the file holds ${p.actual} visits: make SOLUONGHOSO the number of HOSO.`,
  })),
  'envelope.unknown-table': rule('error', 'LOAIHOSO is not one of XML0–XML15; that table is skipped', (p) => ({
    vi: `LOAIHOSO ${q(p.value)} không phải loại bảng XML0–XML15: sửa LOAIHOSO (ví dụ "XML1") hoặc bỏ bảng này.`,
    en: `LOAIHOSO ${q(p.value)} is not a table type XML0–XML15: correct LOAIHOSO (e.g. "XML1") or remove that table.`,
  })),
  'envelope.duplicate-table': rule('error', 'the same LOAIHOSO appears twice in one HOSO; the first is kept', (p) => ({
    vi: `Hồ sơ có hai bảng ${p.table}: mỗi loại bảng chỉ có một FILEHOSO trong một HOSO — gộp các dòng vào một bảng.`,
    en: `The visit has two ${p.table} tables: each table type is one FILEHOSO per HOSO — merge the rows into one table.`,
  })),
  'envelope.bad-base64': rule(
    'error',
    'NOIDUNGFILE is neither XML nor valid base64 of XML; that table is skipped',
    (p) => ({
      vi: `NOIDUNGFILE của ${p.table} không phải XML cũng không phải base64 hợp lệ: mã hóa nội dung bảng (UTF-8) bằng base64 chuẩn (A–Z a–z 0–9 + /, đệm =).`,
      en: `NOIDUNGFILE of ${p.table} is neither XML nor valid base64: encode the table's UTF-8 text in standard base64 (A–Z a–z 0–9 + /, = padding).`,
    }),
  ),
  'envelope.table-root': rule(
    'error',
    "a table's root element does not match its LOAIHOSO; that table is skipped",
    (p) => ({
      vi: `LOAIHOSO là ${p.table} nhưng phần tử gốc là ${q(p.root)} (cần ${q(p.expected)}): sửa LOAIHOSO hoặc nội dung bảng.`,
      en: `LOAIHOSO is ${p.table} but the root element is ${q(p.root)} (expected ${q(p.expected)}): correct LOAIHOSO or the table content.`,
    }),
  ),
  'envelope.not-mapped': rule(
    'warning',
    'a recognised table Liên Thông does not map yet (XML0, XML6–XML12, XML15): kept as received, not checked',
    (p) => ({
      vi: `Bảng ${p.table} (${p.titleVi}) được giữ nguyên như đã nhận nhưng chưa được ánh xạ và kiểm tra.`,
      en: `Table ${p.table} (${p.titleEn}) is kept as received but not yet mapped or checked.`,
    }),
  ),
  'envelope.facility': rule('warning', 'MACSKCB of the envelope differs from MA_CSKCB of XML1', (p) => ({
    vi: `MACSKCB của tệp là ${q(p.envelope)} nhưng MA_CSKCB của XML1 là ${q(p.value)}: một tệp chỉ chứa hồ sơ của một cơ sở — sửa cho khớp.`,
    en: `The envelope's MACSKCB is ${q(p.envelope)} but XML1 MA_CSKCB is ${q(p.value)}: a file holds one facility's visits — make them agree.`,
  })),

  // ── the visit ──
  'visit.missing-summary': rule('error', 'a HOSO of an envelope has no XML1 (TONG_HOP)', () => ({
    vi: 'Hồ sơ thiếu bảng XML1 (TONG_HOP): mỗi HOSO phải có bảng tổng hợp của lượt khám.',
    en: 'The visit has no XML1 (TONG_HOP): every HOSO needs the visit summary.',
  })),
  'visit.missing-ma-lk': rule('error', 'no MA_LK: the visit cannot be linked across tables', () => ({
    vi: 'Thiếu MA_LK: ghi mã liên kết của lượt khám (duy nhất trong cơ sở) vào XML1 và mọi dòng của các bảng khác.',
    en: "MA_LK is missing: write the visit's link key (unique within the facility) in XML1 and every row of the other tables.",
  })),
  'visit.ma-lk': rule('error', 'a row carries a MA_LK other than XML1’s', (p) => ({
    vi: `MA_LK ${q(p.value)} khác MA_LK của XML1 (${q(p.expected)}): mọi bảng của một lượt khám dùng cùng một MA_LK.`,
    en: `MA_LK ${q(p.value)} differs from XML1's MA_LK (${q(p.expected)}): every table of a visit carries the same MA_LK.`,
  })),
  'visit.duplicate-ma-lk': rule(
    'error',
    'the same MA_LK in two HOSO of one file: each visit needs its own key (both are refused)',
    (p) => ({
      vi: `MA_LK ${q(p.value)} trùng ở các hồ sơ (HOSO) thứ ${p.positions} của tệp: mỗi lượt khám có một MA_LK riêng — sửa MA_LK hoặc bỏ hồ sơ lặp.`,
      en: `MA_LK ${q(p.value)} is shared by HOSO ${p.positions} of the file: each visit has its own MA_LK — correct the key or remove the repeated visit.`,
    }),
  ),
  'visit.single-row': rule(
    'error',
    'more than one row in XML13 (referral paper) or XML14 (appointment), which hold one per visit',
    (p) => ({
      vi: `${p.table} có ${p.count} dòng: mỗi lượt khám chỉ có một ${p.table === 'XML13' ? 'giấy chuyển tuyến' : 'giấy hẹn khám lại'} — bỏ các dòng thừa.`,
      en: `${p.table} holds ${p.count} rows: a visit has one ${p.table === 'XML13' ? 'referral paper' : 'appointment'} — remove the extra rows.`,
    }),
  ),

  // ── fields ──
  'field.unknown': rule('warning', 'an element the table does not define (a misspelt field is lost)', (p) => ({
    vi: `${p.table} không có trường ${p.field}: kiểm tra chính tả tên trường theo QĐ 130/4750.`,
    en: `${p.table} has no field ${p.field}: check the field name's spelling against Decision 130/4750.`,
  })),
  'field.required': rule('error', 'a field the decision requires is empty or missing', (p) => ({
    vi: `Thiếu ${p.field}: trường này bắt buộc trong ${p.table}.`,
    en: `${p.field} is missing: the field is required in ${p.table}.`,
  })),
  'field.max-length': rule(
    'error',
    'text longer than the field allows (characters; per value for ;-separated lists)',
    (p) => ({
      vi: `${p.field} dài ${p.length} ký tự, tối đa ${p.max}: rút gọn giá trị.`,
      en: `${p.field} is ${p.length} characters long, at most ${p.max} allowed: shorten the value.`,
    }),
  ),
  'field.number': rule(
    'error',
    'not a number as the decision writes it (digits, a dot, no sign or separators) or too many digits',
    (p) => ({
      vi: `${p.field} = ${q(p.value)} không phải ${p.integer ? 'số nguyên' : 'số'} hợp lệ${p.max ? ` (tối đa ${p.max} chữ số)` : ''}: chỉ dùng chữ số${p.integer ? '' : ' và dấu chấm thập phân'}, không dấu phân cách hàng nghìn.`,
      en: `${p.field} = ${q(p.value)} is not a valid ${p.integer ? 'whole number' : 'number'}${p.max ? ` (at most ${p.max} digits)` : ''}: use digits${p.integer ? '' : ' and a decimal dot'} only, no thousands separators.`,
    }),
  ),
  'field.decimals': rule('error', 'more decimals than the field allows (e.g. 3 for SO_LUONG, 2 for amounts)', (p) => ({
    vi: `${p.field} = ${q(p.value)} có quá ${p.decimals} chữ số thập phân: làm tròn đến ${p.decimals} chữ số.`,
    en: `${p.field} = ${q(p.value)} has more than ${p.decimals} decimals: round it to ${p.decimals}.`,
  })),
  'field.date': rule('error', 'not a real date in the field’s format (yyyymmdd or yyyymmddHHMM)', (p) => ({
    vi: `${p.field} = ${q(p.value)} không phải ngày hợp lệ dạng ${p.format}: ghi ${p.format === 'yyyymmdd' ? 'năm, tháng, ngày' : 'năm, tháng, ngày, giờ, phút'} liền nhau, ví dụ ${p.example}.`,
    en: `${p.field} = ${q(p.value)} is not a valid date in the form ${p.format}: write ${p.format === 'yyyymmdd' ? 'year, month, day' : 'year, month, day, hour, minute'} without separators, e.g. ${p.example}.`,
  })),
  'field.birth-date': rule(
    'error',
    'NGAY_SINH: 12 digits yyyymmddHHMM; an unknown day/month is 00 (only the year known → yyyy00000000), an unknown time 0000',
    (p) => ({
      vi: `NGAY_SINH = ${q(p.value)} không hợp lệ: ghi 12 chữ số yyyymmddHHMM; không rõ giờ sinh ghi 0000, chỉ biết năm sinh ghi yyyy00000000 (ví dụ 198500000000).`,
      en: `NGAY_SINH = ${q(p.value)} is not valid: write 12 digits yyyymmddHHMM; an unknown time is 0000, only the year known is yyyy00000000 (e.g. 198500000000).`,
    }),
  ),
  'field.duplicate-stt': rule('error', 'two rows of one table share an STT (STT numbers the rows)', (p) => ({
    vi: `STT = ${q(p.value)} đã dùng ở dòng ${p.first} của ${p.table}: STT phải là duy nhất trong bảng — đánh số lại các dòng 1, 2, 3…`,
    en: `STT = ${q(p.value)} is already row ${p.first}'s in ${p.table}: STT must be unique in the table — number the rows 1, 2, 3…`,
  })),
  'field.settlement-period': rule('error', 'THANG_QT is not a month 1–12, or NAM_QT not a year 1900–2100', (p) => ({
    vi:
      p.field === 'THANG_QT'
        ? `THANG_QT = ${q(p.value)} không phải tháng (1–12): ghi tháng quyết toán.`
        : `NAM_QT = ${q(p.value)} không phải năm hợp lệ: ghi năm quyết toán 4 chữ số, ví dụ 2026.`,
    en:
      p.field === 'THANG_QT'
        ? `THANG_QT = ${q(p.value)} is not a month (1–12): write the settlement month.`
        : `NAM_QT = ${q(p.value)} is not a valid year: write the settlement year in 4 digits, e.g. 2026.`,
  })),

  // ── codes ──
  'code.sex': rule('error', 'GIOI_TINH is not 1 (male), 2 (female) or 3 (undetermined)', (p) => ({
    vi: `GIOI_TINH = ${q(p.value)} không hợp lệ: ghi 1 (nam), 2 (nữ) hoặc 3 (chưa xác định).`,
    en: `GIOI_TINH = ${q(p.value)} is not valid: write 1 (male), 2 (female) or 3 (undetermined).`,
  })),
  'code.visit-type': rule('error', 'MA_LOAI_KCB is not a two-digit code 01–09', (p) => ({
    vi: `MA_LOAI_KCB = ${q(p.value)} không hợp lệ: ghi mã hai chữ số 01–09 (01 khám bệnh, 02 điều trị ngoại trú, 03 điều trị nội trú…).`,
    en: `MA_LOAI_KCB = ${q(p.value)} is not valid: write a two-digit code 01–09 (01 examination, 02 outpatient treatment, 03 inpatient…).`,
  })),
  'code.discharge-type': rule('error', 'MA_LOAI_RV is not 1–5', (p) => ({
    vi: `MA_LOAI_RV = ${q(p.value)} không hợp lệ: ghi 1 (ra viện), 2 (chuyển tuyến), 3 (trốn viện), 4 (xin ra viện) hoặc 5 (chuyển tuyến theo yêu cầu).`,
    en: `MA_LOAI_RV = ${q(p.value)} is not valid: write 1 (discharged), 2 (referred), 3 (absconded), 4 (left on request) or 5 (referred on request).`,
  })),
  'code.treatment-result': rule('error', 'KET_QUA_DTRI is not 1–7', (p) => ({
    vi: `KET_QUA_DTRI = ${q(p.value)} không hợp lệ: ghi 1 (khỏi), 2 (đỡ), 3 (không thay đổi), 4 (nặng hơn), 5 (tử vong), 6 (tiên lượng nặng xin về) hoặc 7 (chưa xác định).`,
    en: `KET_QUA_DTRI = ${q(p.value)} is not valid: write 1 (cured), 2 (improved), 3 (unchanged), 4 (worse), 5 (died), 6 (grave, left on request) or 7 (undetermined).`,
  })),
  'code.icd10': rule(
    'error',
    'a diagnosis code (MA_BENH_CHINH, each of MA_BENH_KT, XML3 MA_BENH) is not ICD-10 shaped (A00, A00.0, A00.00)',
    (p) => ({
      vi: `${p.field}: ${q(p.code)} không đúng dạng mã ICD-10 (chữ cái + 2 chữ số, có thể thêm phần sau dấu chấm, ví dụ J06.9); nhiều mã ngăn cách bằng dấu ";".`,
      en: `${p.field}: ${q(p.code)} is not an ICD-10 code (a letter, 2 digits, optionally a subcategory after the dot, e.g. J06.9); several codes are separated by ";".`,
    }),
  ),
  'code.icd10-count': rule('error', 'MA_BENH_KT holds more than 12 secondary codes', (p) => ({
    vi: `MA_BENH_KT có ${p.count} mã, tối đa 12: chỉ ghi 12 bệnh kèm theo chính.`,
    en: `MA_BENH_KT holds ${p.count} codes, at most 12: keep the 12 main secondary diagnoses.`,
  })),
  'code.facility': rule(
    'error',
    'a facility code (MA_CSKCB, MA_DKBD, MA_NOI_DI, MA_NOI_DEN, MACSKCB) is not 5 characters: 2-digit province + 3',
    (p) => ({
      vi: `${p.field}: ${q(p.code)} không phải mã cơ sở KCB (5 ký tự: 2 số mã tỉnh + 3 ký tự, ví dụ 75001).`,
      en: `${p.field}: ${q(p.code)} is not a facility code (5 characters: 2-digit province + 3, e.g. 75001).`,
    }),
  ),

  // ── identifiers ──
  'id.cccd': rule(
    'error',
    'SO_CCCD of digits is not a well-formed CCCD (12 digits, province code, century digit)',
    (p) => ({
      vi: `SO_CCCD = ${q(p.value)} không phải số CCCD hợp lệ (${p.whyVi}): ghi đúng 12 chữ số trên thẻ căn cước.`,
      en: `SO_CCCD = ${q(p.value)} is not a valid CCCD (${p.why}): write the 12 digits of the citizen ID card.`,
    }),
  ),
  'id.cccd-mismatch': rule(
    'error',
    'the CCCD’s century/sex digit and birth year disagree with NGAY_SINH and GIOI_TINH',
    (p) => ({
      vi: `SO_CCCD = ${q(p.value)} không khớp với NGAY_SINH/GIOI_TINH (${p.whyVi}): kiểm tra lại số CCCD, ngày sinh và giới tính.`,
      en: `SO_CCCD = ${q(p.value)} does not agree with NGAY_SINH/GIOI_TINH (${p.why}): check the CCCD, the birth date and the sex.`,
    }),
  ),
  'id.bhyt': rule('error', 'a card in MA_THE_BHYT is not 2 letters + benefit level 1–5 + 12 digits', (p) => ({
    vi: `MA_THE_BHYT: ${q(p.card)} không đúng dạng mã thẻ BHYT (15 ký tự: 2 chữ cái nhóm đối tượng, 1 số mức hưởng 1–5, 2 số mã tỉnh, 10 số BHXH); nhiều thẻ ngăn cách bằng ";".`,
    en: `MA_THE_BHYT: ${q(p.card)} is not a BHYT card number (15 characters: 2-letter group, benefit level 1–5, 2-digit province, 10-digit social-insurance number); several cards are separated by ";".`,
  })),
  'id.bhyt-group': rule(
    'warning',
    'a card’s beneficiary group is not known, or its benefit level is not that group’s',
    (p) => ({
      vi: `MA_THE_BHYT: ${q(p.card)} có nhóm đối tượng hoặc mức hưởng không khớp danh mục: kiểm tra lại mã thẻ.`,
      en: `MA_THE_BHYT: ${q(p.card)} has an unknown beneficiary group or a benefit level that is not its group's: check the card number.`,
    }),
  ),
  'id.card-lists': rule(
    'error',
    'MA_DKBD, GT_THE_TU, GT_THE_DEN do not hold one value per card of MA_THE_BHYT',
    (p) => ({
      vi: `${p.field} có ${p.count} giá trị nhưng MA_THE_BHYT có ${p.cards} thẻ: ghi mỗi thẻ một giá trị, theo cùng thứ tự, ngăn cách bằng ";".`,
      en: `${p.field} holds ${p.count} values but MA_THE_BHYT ${p.cards} cards: write one value per card, in the same order, separated by ";".`,
    }),
  ),

  // ── money ──
  'money.line-total': rule(
    'error',
    'THANH_TIEN_BV ≠ SO_LUONG × unit price (× TYLE_TT_DV/100 in XML3), rounded to 2 decimals, by more than 0.01',
    (p) => ({
      vi: `THANH_TIEN_BV = ${q(p.value)} nhưng SO_LUONG × ${p.priceField} = ${p.expected}: ghi thành tiền bằng số lượng nhân đơn giá, làm tròn 2 chữ số thập phân.`,
      en: `THANH_TIEN_BV = ${q(p.value)} but SO_LUONG × ${p.priceField} = ${p.expected}: write the amount as quantity times unit price, rounded to 2 decimals.`,
    }),
  ),
  'money.line-rounding': rule(
    'warning',
    'THANH_TIEN_BV or THANH_TIEN_BH is 0.01 off its formula: rounded otherwise than half up to 2 decimals',
    (p) => ({
      vi: `${p.field} = ${q(p.value)}, làm tròn đúng là ${p.expected}: làm tròn 2 chữ số thập phân, từ 5 trở lên làm tròn lên.`,
      en: `${p.field} = ${q(p.value)}, correctly rounded it is ${p.expected}: round to 2 decimals, halves up.`,
    }),
  ),
  'money.rate': rule('error', 'TYLE_TT_BH or TYLE_TT_DV is not a percentage 0–100', (p) => ({
    vi: `${p.field} = ${q(p.value)} không phải tỷ lệ phần trăm 0–100: ghi tỷ lệ thanh toán (ví dụ 100, 50).`,
    en: `${p.field} = ${q(p.value)} is not a percentage 0–100: write the payment rate (e.g. 100, 50).`,
  })),
  'money.benefit-level': rule(
    'error',
    'MUC_HUONG of a drug or service line is not a benefit level 80, 95 or 100 (0 only on a line the fund pays nothing of)',
    (p) => ({
      vi: `MUC_HUONG = ${q(p.value)} không phải mức hưởng BHYT (80, 95 hoặc 100; 0 khi quỹ không chi trả dòng này): ghi mức hưởng của thẻ.`,
      en: `MUC_HUONG = ${q(p.value)} is not a benefit level (80, 95 or 100; 0 when the fund pays nothing of the line): write the card's benefit level.`,
    }),
  ),
  'money.line-insured': rule(
    'error',
    'XML2 THANH_TIEN_BH ≠ THANH_TIEN_BV × TYLE_TT_BH / 100, rounded to 2 decimals, by more than 0.01',
    (p) => ({
      vi: `THANH_TIEN_BH = ${q(p.value)} nhưng THANH_TIEN_BV × TYLE_TT_BH / 100 = ${p.expected}: ghi thành tiền BHYT bằng thành tiền nhân tỷ lệ thanh toán BHYT, làm tròn 2 chữ số thập phân.`,
      en: `THANH_TIEN_BH = ${q(p.value)} but THANH_TIEN_BV × TYLE_TT_BH / 100 = ${p.expected}: write the insured amount as the amount times the insurance rate, rounded to 2 decimals.`,
    }),
  ),
  'money.insured-over': rule('error', 'THANH_TIEN_BH of a line is more than its THANH_TIEN_BV', (p) => ({
    vi: `THANH_TIEN_BH = ${q(p.value)} lớn hơn THANH_TIEN_BV = ${q(p.otherValue)}: phần BHYT không vượt quá thành tiền của dòng.`,
    en: `THANH_TIEN_BH = ${q(p.value)} is more than THANH_TIEN_BV = ${q(p.otherValue)}: the insured part cannot exceed the line's amount.`,
  })),
  'money.line-split': rule(
    'warning',
    "a line's shares T_BHTT + T_BNCCT + T_BNTT + T_NGUONKHAC ≠ its THANH_TIEN_BV (every đồng is paid by someone)",
    (p) => ({
      vi: `THANH_TIEN_BV = ${q(p.value)} nhưng các phần chi trả cộng lại ${p.shares} = ${p.expected}: quỹ BHYT, người bệnh cùng chi trả, người bệnh tự trả và nguồn khác phải cộng đủ thành tiền của dòng.`,
      en: `THANH_TIEN_BV = ${q(p.value)} but the shares add up to ${p.shares} = ${p.expected}: the fund, the co-payment, the patient's own payment and other sources must add up to the line's amount.`,
    }),
  ),
  'money.total': rule('error', 'T_TONGCHI_BV ≠ Σ THANH_TIEN_BV of XML2 and XML3', (p) => ({
    vi: `T_TONGCHI_BV = ${q(p.value)} nhưng tổng THANH_TIEN_BV của XML2 và XML3 là ${p.expected}: ghi tổng chi bằng tổng các dòng thuốc, dịch vụ và vật tư.`,
    en: `T_TONGCHI_BV = ${q(p.value)} but Σ THANH_TIEN_BV of XML2 and XML3 is ${p.expected}: the total must be the sum of the drug, service and supply lines.`,
  })),
  'money.drugs': rule('error', 'T_THUOC ≠ Σ THANH_TIEN_BV of XML2', (p) => ({
    vi: `T_THUOC = ${q(p.value)} nhưng tổng THANH_TIEN_BV của XML2 là ${p.expected}: ghi tổng tiền thuốc bằng tổng các dòng thuốc.`,
    en: `T_THUOC = ${q(p.value)} but Σ THANH_TIEN_BV of XML2 is ${p.expected}: the drug total must be the sum of the drug lines.`,
  })),
  'money.supplies': rule('error', 'T_VTYT ≠ Σ THANH_TIEN_BV of the XML3 supply lines (MA_NHOM 10, 11)', (p) => ({
    vi: `T_VTYT = ${q(p.value)} nhưng tổng THANH_TIEN_BV của các dòng vật tư y tế (MA_NHOM 10, 11) trong XML3 là ${p.expected}: sửa tổng tiền vật tư.`,
    en: `T_VTYT = ${q(p.value)} but Σ THANH_TIEN_BV of the XML3 supply lines (MA_NHOM 10, 11) is ${p.expected}: correct the supplies total.`,
  })),
  'money.sum': rule(
    'error',
    'an XML1 share total (T_TONGCHI_BH, T_BHTT, T_BNCCT, T_BNTT, T_NGUONKHAC) ≠ Σ of the same field over XML2 and XML3',
    (p) => ({
      vi: `${p.field} = ${q(p.value)} nhưng tổng ${p.lineField} của XML2 và XML3 là ${p.expected}: ghi tổng bằng tổng các dòng.`,
      en: `${p.field} = ${q(p.value)} but Σ ${p.lineField} of XML2 and XML3 is ${p.expected}: the total must be the sum of the lines.`,
    }),
  ),
  'money.sums-skipped': rule(
    'warning',
    'the XML1 totals over XML2 or XML3 are not checked: that table could not be read (its error is reported)',
    (p) => ({
      vi: `Không đối chiếu các tổng tiền của XML1 tính từ ${p.tables}: bảng không đọc được (xem lỗi của bảng); sửa bảng rồi kiểm tra lại.`,
      en: `XML1's totals over ${p.tables} are not checked: the table could not be read (see its error); fix it and check again.`,
    }),
  ),

  // ── dates ──
  'date.visit-order': rule('error', 'NGAY_VAO ≤ NGAY_VAO_NOI_TRU ≤ NGAY_RA does not hold', (p) => ({
    vi: `${p.field} = ${q(p.value)} ${p.before ? 'trước' : 'sau'} ${p.other} = ${q(p.otherValue)}: thứ tự phải là NGAY_VAO ≤ NGAY_VAO_NOI_TRU ≤ NGAY_RA.`,
    en: `${p.field} = ${q(p.value)} is ${p.before ? 'before' : 'after'} ${p.other} = ${q(p.otherValue)}: the order must be NGAY_VAO ≤ NGAY_VAO_NOI_TRU ≤ NGAY_RA.`,
  })),
  'date.birth-after-visit': rule('error', 'NGAY_SINH is after NGAY_VAO', (p) => ({
    vi: `NGAY_SINH = ${q(p.value)} sau ngày vào ${q(p.otherValue)}: kiểm tra lại ngày sinh.`,
    en: `NGAY_SINH = ${q(p.value)} is after the admission ${q(p.otherValue)}: check the birth date.`,
  })),
  'date.card-order': rule('error', 'GT_THE_TU is after GT_THE_DEN for a card', (p) => ({
    vi: `Thẻ thứ ${p.card}: GT_THE_TU = ${q(p.value)} sau GT_THE_DEN = ${q(p.otherValue)}: kiểm tra hạn thẻ.`,
    en: `Card ${p.card}: GT_THE_TU = ${q(p.value)} is after GT_THE_DEN = ${q(p.otherValue)}: check the card's validity.`,
  })),
  'date.card-validity': rule('warning', 'no card of MA_THE_BHYT is valid on the day of NGAY_VAO', (p) => ({
    vi: `Không thẻ BHYT nào còn hạn vào ngày ${q(p.value)} (NGAY_VAO): kiểm tra GT_THE_TU/GT_THE_DEN hoặc ghi thẻ đang còn hạn.`,
    en: `No BHYT card is valid on ${q(p.value)} (NGAY_VAO): check GT_THE_TU/GT_THE_DEN or write the card in force.`,
  })),
  'date.payment': rule(
    'warning',
    'NGAY_TTOAN is before NGAY_RA (payment is at or after discharge; unverified as a rule of the decision)',
    (p) => ({
      vi: `NGAY_TTOAN = ${q(p.value)} trước NGAY_RA = ${q(p.otherValue)}: ngày thanh toán thường không trước ngày ra — kiểm tra lại.`,
      en: `NGAY_TTOAN = ${q(p.value)} is before NGAY_RA = ${q(p.otherValue)}: payment is normally at or after discharge — check it.`,
    }),
  ),
  'date.order-outside-visit': rule(
    'error',
    'an XML2/XML3 order or execution time (NGAY_YL, NGAY_TH_YL) is outside NGAY_VAO…NGAY_RA',
    (p) => ({
      vi: `${p.field} = ${q(p.value)} nằm ngoài thời gian lượt khám (${p.from} – ${p.to}): y lệnh phải trong khoảng NGAY_VAO – NGAY_RA.`,
      en: `${p.field} = ${q(p.value)} is outside the visit (${p.from} – ${p.to}): orders fall between NGAY_VAO and NGAY_RA.`,
    }),
  ),
  'date.done-before-ordered': rule('error', 'NGAY_TH_YL or NGAY_KQ is before NGAY_YL of the same row', (p) => ({
    vi: `${p.field} = ${q(p.value)} trước thời điểm ra y lệnh NGAY_YL = ${q(p.otherValue)}: kiểm tra lại thời gian.`,
    en: `${p.field} = ${q(p.value)} is before the order time NGAY_YL = ${q(p.otherValue)}: check the times.`,
  })),
  'date.result-outside-visit': rule('error', 'a result time (XML3/XML4 NGAY_KQ) is outside NGAY_VAO…NGAY_RA', (p) => ({
    vi: `${p.field} = ${q(p.value)} nằm ngoài thời gian lượt khám (${p.from} – ${p.to}): kết quả phải có trong khoảng NGAY_VAO – NGAY_RA.`,
    en: `${p.field} = ${q(p.value)} is outside the visit (${p.from} – ${p.to}): results fall between NGAY_VAO and NGAY_RA.`,
  })),
  'date.course-outside-visit': rule('error', 'an XML5 THOI_DIEM_DBLS is outside NGAY_VAO…NGAY_RA', (p) => ({
    vi: `THOI_DIEM_DBLS = ${q(p.value)} nằm ngoài thời gian lượt khám (${p.from} – ${p.to}): sửa thời điểm diễn biến.`,
    en: `THOI_DIEM_DBLS = ${q(p.value)} is outside the visit (${p.from} – ${p.to}): correct the time of the note.`,
  })),
} satisfies Record<string, RuleDef>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];
