/*
 * Structure of Vietnamese personal identifiers (reference/vn-standards.md §2):
 * the citizen ID (CCCD) and the BHYT health-insurance card number. Pure
 * checks, shared by patient matching, XML 130 checking and the generator.
 */

// ── CCCD ──

/**
 * Province codes of the 63 provinces before the 2025 merger, as the first
 * three digits of a CCCD (province where the birth was registered). Cards
 * issued before the merger keep them, so Bình Phước's 070 lives on.
 */
export const CCCD_PROVINCES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu',
  '079': 'Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

/** The century-and-sex digit: 0/1 for 1900s male/female, 2/3 for 2000s, 4/5 for 2100s… */
export function cccdCenturySexDigit(birthYear: number, sex: 'male' | 'female'): number {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 4) throw new RangeError(`no CCCD century digit for ${birthYear}`);
  return century * 2 + (sex === 'female' ? 1 : 0);
}

/**
 * What is wrong with a CCCD, or undefined when it is well formed: 12 digits,
 * a known province code, a century digit 0–5 and, when given, a birth date
 * (yyyy, yyyy-mm or yyyy-mm-dd) and sex it agrees with.
 */
export function cccdProblem(cccd: string, birthDate?: string, sex?: string): string | undefined {
  if (!/^\d{12}$/.test(cccd)) return 'a CCCD has exactly 12 digits';
  if (!(cccd.slice(0, 3) in CCCD_PROVINCES)) return `${cccd.slice(0, 3)} is not a province code`;
  const centurySex = Number(cccd[3]);
  if (centurySex > 5) return `century digit ${centurySex} is not in use`;
  const year = birthDate && /^\d{4}/.test(birthDate) ? Number(birthDate.slice(0, 4)) : undefined;
  if (year !== undefined) {
    const century = Math.floor(year / 100) - 19;
    const digits = String(year % 100).padStart(2, '0');
    if (century !== Math.floor(centurySex / 2) || cccd.slice(4, 6) !== digits) {
      return `digits 4–6 (${cccd.slice(3, 6)}) do not encode the birth year ${year}`;
    }
  }
  if ((sex === 'male' || sex === 'female') && (centurySex % 2 === 1) !== (sex === 'female')) {
    return `digit 4 (${centurySex}) says ${centurySex % 2 === 1 ? 'female' : 'male'}, the record says ${sex}`;
  }
  return undefined;
}

/** Whether a CCCD is well formed (see cccdProblem). */
export function isValidCccd(cccd: string, birthDate?: string, sex?: string): boolean {
  return cccdProblem(cccd, birthDate, sex) === undefined;
}

// ── BHYT ──

export interface BhytGroup {
  code: string;
  /** Benefit level printed after the group (1 = 100% without ceilings … 4 = 80%, 5 = 100% incl. off-list). */
  level: 1 | 2 | 3 | 4 | 5;
  name: string;
}

/**
 * Beneficiary groups and their benefit levels, after Decision 1351/QĐ-BHXH
 * (2015) on card numbers (levels of the groups used here are unverified
 * against the latest amendments). Only the groups the generator draws and a
 * few common others are listed.
 */
export const BHYT_GROUPS: Readonly<Record<string, BhytGroup>> = Object.fromEntries(
  (
    [
      ['CC', 1, 'Người có công với cách mạng'],
      ['TE', 1, 'Trẻ em dưới 6 tuổi'],
      ['CK', 2, 'Người tham gia kháng chiến'],
      ['CB', 2, 'Cựu chiến binh'],
      ['HN', 2, 'Người thuộc hộ gia đình nghèo'],
      ['DT', 2, 'Người dân tộc thiểu số vùng khó khăn'],
      ['BT', 2, 'Người hưởng trợ cấp bảo trợ xã hội'],
      ['TS', 2, 'Thân nhân liệt sĩ'],
      ['HT', 3, 'Người hưởng lương hưu'],
      ['TC', 3, 'Người hưởng trợ cấp mất sức lao động'],
      ['CN', 3, 'Người thuộc hộ gia đình cận nghèo'],
      ['DN', 4, 'Người lao động trong doanh nghiệp'],
      ['HC', 4, 'Cán bộ, công chức, viên chức'],
      ['HX', 4, 'Người lao động trong hợp tác xã'],
      ['NN', 4, 'Người lao động trong tổ chức nước ngoài'],
      ['HS', 4, 'Học sinh'],
      ['SV', 4, 'Sinh viên'],
      ['GD', 4, 'Người tham gia theo hộ gia đình'],
      ['QN', 5, 'Quân nhân'],
      ['CA', 5, 'Công an nhân dân'],
    ] as const
  ).map(([code, level, name]) => [code, { code, level, name }]),
);

/** Two-digit province codes as printed on BHYT cards (the last two digits of the CCCD codes). */
const CARD_PROVINCES = new Set(Object.keys(CCCD_PROVINCES).map((c) => c.slice(1)));

/** A well-formed BHYT card number: known group, the group's benefit level, a province code, 10 digits. */
export function isValidBhytNumber(n: string): boolean {
  const match = /^([A-Z]{2})([1-5])(\d{2})(\d{10})$/.exec(n);
  if (!match) return false;
  const group = BHYT_GROUPS[match[1]!];
  return group !== undefined && group.level === Number(match[2]) && CARD_PROVINCES.has(match[3]!);
}

/** The 10-digit social-insurance number inside a card number (the part that survives a change of group). */
export function socialInsuranceNumberOf(cardNumber: string): string {
  return cardNumber.slice(5);
}
