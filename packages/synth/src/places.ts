import type { Commune } from './model.js';
import { readDataFile } from './data-files.js';

/*
 * Where people live. The 95 communes and wards of Đồng Nai after the 2025
 * reorganisation come from data/dong-nai-communes.json (code, names, area).
 * There is no official population per commune in that data, so each one's
 * `weight` is an estimate of its residents from a simple density heuristic:
 *
 *   estimate = base + density × min(area, 150 km²)
 *
 * - base and density depend on the kind of place: the ten wards of the old
 *   Biên Hòa city are the densest; the industrial towns (Long Thành, Nhơn
 *   Trạch, Trảng Bom; Đồng Xoài, Chơn Thành, Minh Hưng) next; other wards;
 *   rural communes last;
 * - the former Bình Phước province (codes below 25500), much less dense than
 *   the former Đồng Nai, has its own smaller figures;
 * - area beyond 150 km² is forest, plantation or reservoir (Trị An) and adds
 *   nobody.
 *
 * The estimates are then scaled to the province's about 4.4 million people.
 * The parameters were chosen so that the old Biên Hòa holds about 31% of the
 * residents (≈1.3 million) and the former Bình Phước about 24% (≈1.0
 * million), close to the published totals of those areas; the split among
 * communes of the same kind is a guess.
 */

export const PROVINCE_RESIDENTS = 4_400_000;

/** The wards of the former Biên Hòa city (Tân Triều takes in part of old Vĩnh Cửu). */
const BIEN_HOA_WARDS = new Set([
  '25993',
  '26005',
  '26017',
  '26020',
  '26041',
  '26068',
  '26188',
  '26374',
  '26377',
  '26380',
]);

/** Industrial towns: Trảng Bom, Long Thành, Nhơn Trạch; Đồng Xoài, Chơn Thành, Minh Hưng. */
const INDUSTRIAL_WARDS = new Set(['26248', '26368', '26485', '25210', '25432', '25441']);

type Zone = 'bien-hoa' | 'industrial' | 'ward' | 'commune';

/** [base residents, residents per km²] by former province and zone. */
const DENSITY: Record<'dong-nai' | 'binh-phuoc', Record<Zone, [number, number]>> = {
  'dong-nai': { 'bien-hoa': [70_000, 1_800], industrial: [60_000, 500], ward: [35_000, 200], commune: [22_000, 150] },
  'binh-phuoc': { 'bien-hoa': [70_000, 1_800], industrial: [35_000, 250], ward: [20_000, 120], commune: [12_000, 60] },
};

const PEOPLED_AREA_KM2 = 150;

/** True for the communes and wards of the former Bình Phước province (merged into Đồng Nai in 2025). */
export function isFormerBinhPhuoc(communeCode: string): boolean {
  return communeCode < '25500';
}

function zoneOf(code: string, kind: Commune['kind']): Zone {
  if (BIEN_HOA_WARDS.has(code)) return 'bien-hoa';
  if (INDUSTRIAL_WARDS.has(code)) return 'industrial';
  return kind;
}

interface CommuneRow {
  code: string;
  name: string;
  fullName: string;
  kind: 'ward' | 'commune';
  areaKm2: number;
}

let cache: readonly Commune[] | undefined;

/** The 95 communes and wards, sorted by code, each weighted by its estimated residents. */
export function loadCommunes(): Commune[] {
  cache ??= build();
  return cache.map((c) => ({ ...c }));
}

function build(): Commune[] {
  const rows = JSON.parse(readDataFile('dong-nai-communes.json')) as CommuneRow[];
  const estimates = rows.map((row) => {
    const [base, density] =
      DENSITY[isFormerBinhPhuoc(row.code) ? 'binh-phuoc' : 'dong-nai'][zoneOf(row.code, row.kind)];
    return base + density * Math.min(row.areaKm2, PEOPLED_AREA_KM2);
  });
  const total = estimates.reduce((a, b) => a + b, 0);
  return rows
    .map((row, i) => ({
      code: row.code,
      name: row.name,
      fullName: row.fullName,
      kind: row.kind,
      areaKm2: row.areaKm2,
      weight: Math.round((estimates[i]! * PROVINCE_RESIDENTS) / total),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
