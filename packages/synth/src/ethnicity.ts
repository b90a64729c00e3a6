import type { Commune } from './model.js';
import { WeightedTable, type Random } from './random.js';
import { isFormerBinhPhuoc } from './places.js';

/*
 * Ethnic groups with their codes in the national list of 54 groups
 * (Decision 121-TCTK/PPCĐ, 1979; used as MA_DANTOC in XML 130). The codes
 * below agree with several independent code lists in hospital and school
 * software; those not seen in such a list are marked (unverified).
 *
 * Shares are rough figures from the 2019 census: the former Đồng Nai is
 * about 94% Kinh, with Hoa (≈3%, mostly in towns), Nùng, Tày and the native
 * Chơ Ro, Mạ and Xtiêng; the former Bình Phước about 82% Kinh, with Xtiêng
 * (≈8–9%), Nùng, Tày, Khmer and Mnông. Minorities other than the Hoa live
 * mostly in rural communes.
 */
export const ETHNICITIES: Readonly<Record<string, string>> = {
  '01': 'Kinh',
  '02': 'Tày',
  '03': 'Thái',
  '04': 'Hoa',
  '05': 'Khơ-me',
  '06': 'Mường',
  '07': 'Nùng',
  '09': 'Dao',
  '20': 'Mnông',
  '22': 'Xtiêng',
  '28': 'Mạ',
  '32': 'Chơ-ro',
};

export const KINH = '01';

/** Percent of residents by ethnicity code in each former province. */
const SHARES: Readonly<Record<'dong-nai' | 'binh-phuoc', Readonly<Record<string, number>>>> = {
  'dong-nai': {
    '01': 93.7,
    '04': 3.0,
    '07': 0.9,
    '02': 0.8,
    '32': 0.6,
    '05': 0.4,
    '06': 0.2,
    '28': 0.15,
    '22': 0.1,
    '03': 0.1,
    '09': 0.05,
  },
  'binh-phuoc': {
    '01': 82.0,
    '22': 8.5,
    '07': 2.6,
    '02': 1.8,
    '05': 1.7,
    '20': 1.0,
    '04': 0.9,
    '09': 0.5,
    '03': 0.4,
    '06': 0.3,
    '28': 0.2,
    '32': 0.1,
  },
};

/** How much more (or less) common a group is in a ward than on average; rural communes get the opposite tilt. */
const URBAN_TILT: Readonly<Record<string, number>> = { '01': 1, '04': 1.6 };
const MINORITY_URBAN_TILT = 0.6;

const tables = new Map<string, WeightedTable<string>>();

function tableFor(commune: Commune): WeightedTable<string> {
  const key = `${isFormerBinhPhuoc(commune.code) ? 'bp' : 'dn'}-${commune.kind}`;
  let table = tables.get(key);
  if (!table) {
    const shares = SHARES[isFormerBinhPhuoc(commune.code) ? 'binh-phuoc' : 'dong-nai'];
    const codes = Object.keys(shares).sort();
    table = new WeightedTable(codes, (code) => {
      const tilt = URBAN_TILT[code] ?? MINORITY_URBAN_TILT;
      return shares[code]! * (commune.kind === 'ward' ? tilt : 1 / tilt);
    });
    tables.set(key, table);
  }
  return table;
}

/** The ethnicity code of a resident of the commune. */
export function drawEthnicity(random: Random, commune: Commune): string {
  return tableFor(commune).draw(random);
}

/*
 * Family names typical of some groups, used for most of their members
 * instead of the national frequencies: Chinese-Vietnamese surnames for the
 * Hoa, Khmer surnames as registered in Vietnam (Danh, Thạch, Sơn…), "Điểu"
 * for the Xtiêng, Chơ Ro, Mạ and Mnông of the south-east (a common
 * registered surname there; unverified for the Mnông), northern-upland
 * surnames for Tày and Nùng families who moved south.
 */
const FAMILY_NAMES: Readonly<Record<string, readonly string[]>> = {
  '04': ['Lâm', 'Lý', 'Trương', 'Quách', 'Tăng', 'Lưu', 'Mã', 'Diệp', 'Hứa', 'Châu', 'Hoàng', 'Trần'],
  '05': ['Danh', 'Thạch', 'Sơn', 'Kim', 'Lâm', 'Châu', 'Lý'],
  '22': ['Điểu'],
  '32': ['Điểu'],
  '28': ['Điểu'],
  '20': ['Điểu'],
  '02': ['Nông', 'Hoàng', 'Lương', 'Vi', 'Triệu', 'Hà', 'Lục'],
  '07': ['Nông', 'Hoàng', 'Lương', 'Vi', 'Triệu', 'Lăng', 'Lục'],
};

/** A family name typical of the group, or undefined to keep the national draw. */
export function drawEthnicFamilyName(random: Random, ethnicity: string): string | undefined {
  const names = FAMILY_NAMES[ethnicity];
  if (!names || !random.chance(0.7)) return undefined;
  return random.pick(names);
}
