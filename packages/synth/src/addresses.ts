import type { Commune } from './model.js';
import type { Random } from './random.js';

/*
 * The street part of an address ("45/12 Phạm Văn Thuận, Khu phố 3",
 * "Tổ 7, Ấp Tân Lập"); the commune is a separate field (its code), added
 * when the address is written out. Wards are divided into "Khu phố",
 * communes into hamlets ("Ấp"), both subdivided into "Tổ". Street and hamlet
 * names are common Vietnamese ones, not a survey of each commune: synthetic.
 */

const STREETS = [
  'Phạm Văn Thuận',
  'Đồng Khởi',
  'Nguyễn Ái Quốc',
  'Võ Thị Sáu',
  'Cách Mạng Tháng Tám',
  'Trần Hưng Đạo',
  'Lê Lợi',
  'Hùng Vương',
  'Nguyễn Trãi',
  'Quang Trung',
  'Hai Bà Trưng',
  'Nguyễn Văn Trỗi',
  'Phan Đình Phùng',
  'Lý Thường Kiệt',
  'Trần Phú',
  '30 Tháng 4',
  'Nguyễn Du',
  'Lê Duẩn',
  'Bùi Văn Hòa',
  'Nguyễn Thị Minh Khai',
  'Phan Chu Trinh',
  'Lê Quý Đôn',
  'Huỳnh Văn Nghệ',
  'Nguyễn Văn Cừ',
  'Hà Huy Giáp',
  'Nguyễn Khuyến',
  'Trần Quốc Toản',
  'Ngô Quyền',
  'Lê Văn Duyệt',
  'Điện Biên Phủ',
  'Tôn Đức Thắng',
  'Phạm Ngọc Thạch',
];

const ROADS = [
  'Quốc lộ 1A',
  'Quốc lộ 20',
  'Quốc lộ 13',
  'Quốc lộ 14',
  'Quốc lộ 51',
  'Đường tỉnh 741',
  'Đường tỉnh 768',
];

const HAMLETS = [
  'Tân Lập',
  'Bình Lợi',
  'Phú Hòa',
  'Hưng Long',
  'Thuận An',
  'Tân Hòa',
  'Bình Hòa',
  'Phú Thạnh',
  'Suối Cát',
  'Bàu Sen',
  'Tân Thành',
  'Hòa Bình',
  'Trung Tâm',
  'Đồng Tiến',
  'Thống Nhất',
  'Cây Gáo',
  'Bến Cam',
  'Phước Hòa',
];

function houseNumber(random: Random): string {
  const main = String(random.int(1, 350));
  if (random.chance(0.7)) return main;
  const alley = `${main}/${random.int(1, 40)}`;
  return random.chance(0.85) ? alley : `${alley}/${random.int(1, 12)}`;
}

/** A plausible street line for a home in the commune. */
export function drawAddressLine(random: Random, commune: Commune): string {
  if (commune.kind === 'ward') {
    const quarter = `Khu phố ${random.int(1, 12)}`;
    if (random.chance(0.35)) return `Tổ ${random.int(1, 40)}, ${quarter}`;
    return `${houseNumber(random)} ${random.pick(STREETS)}, ${quarter}`;
  }
  const hamlet = random.chance(0.5) ? `Ấp ${random.int(1, 10)}` : `Ấp ${random.pick(HAMLETS)}`;
  if (random.chance(0.6)) return `Tổ ${random.int(1, 20)}, ${hamlet}`;
  const street = random.chance(0.4) ? random.pick(ROADS) : random.pick(STREETS);
  return `${houseNumber(random)} ${street}, ${hamlet}`;
}
