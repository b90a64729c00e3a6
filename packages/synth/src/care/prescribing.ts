import { controlledKind, isInHospitalOnly } from '../drugs.js';
import type { DrugLine } from '../model.js';
import type { Random } from '../random.js';
import type { Regimen, RegimenLine } from './conditions.js';
import type { Network } from './network.js';

/**
 * Turns a regimen into prescribed drug lines: quantity = days × daily dose
 * (or the fixed quantity of a tube, bottle or inhaler), the catalogue price,
 * and the dosage written the way Vietnamese prescriptions write it.
 */

export function pickRegimen(random: Random, regimens: readonly Regimen[]): Regimen | undefined {
  if (regimens.length === 0) return undefined;
  const total = regimens.reduce((sum, regimen) => sum + regimen.weight, 0);
  let target = random.next() * total;
  for (const regimen of regimens) {
    target -= regimen.weight;
    if (target < 0) return regimen;
  }
  return regimens[regimens.length - 1];
}

export function dosageText(line: RegimenLine, unit: string, route: string): string {
  const u = unit.toLowerCase();
  switch (route) {
    case 'Uống':
      return `Ngày uống ${line.times} lần, mỗi lần ${line.dose} ${u}`;
    case 'Tiêm truyền':
      return `Truyền tĩnh mạch ngày ${line.times} lần, mỗi lần ${line.dose} ${u}`;
    case 'Tiêm tĩnh mạch':
    case 'Tiêm bắp':
    case 'Tiêm dưới da':
      return `${route} ngày ${line.times} lần, mỗi lần ${line.dose} ${u}`;
    case 'Hít':
      return 'Xịt 2 nhát khi khó thở, tối đa 4 lần/ngày';
    case 'Nhỏ mắt':
      return `Nhỏ mắt ngày ${line.times} lần, mỗi lần 1-2 giọt`;
    case 'Dùng ngoài':
      return `Bôi ngoài da ngày ${line.times} lần`;
    default:
      return `Ngày dùng ${line.times} lần, mỗi lần ${line.dose} ${u}`;
  }
}

/**
 * Drug lines of a regimen. `maxDays` caps the days (an inpatient stay, a
 * refill interval); `fixedDays` forces them (a chronic refill lasts until the next visit).
 */
export function prescribe(
  network: Network,
  random: Random,
  regimen: Regimen | undefined,
  orderedAt: string,
  options: { maxDays?: number; fixedDays?: number } = {},
): DrugLine[] {
  if (!regimen) return [];
  const lines =
    regimen.lines.length > 1 ? regimen.lines.filter((line) => !line.optional || random.chance(0.5)) : regimen.lines;
  return lines.map((line) => {
    const drug = network.drug(line.drug);
    let days = options.fixedDays ?? random.int(line.days[0], line.days[1]);
    if (options.maxDays !== undefined) days = Math.max(1, Math.min(days, options.maxDays));
    const quantity = line.quantity ?? days * line.dose * line.times;
    const fixedQuantity =
      line.quantity !== undefined && options.fixedDays !== undefined
        ? Math.max(1, Math.round(options.fixedDays / 30))
        : undefined;
    return {
      drug,
      quantity: fixedQuantity ?? quantity,
      unitPrice: drug.price,
      days,
      dosage: dosageText(line, drug.unit, drug.route),
      orderedAt,
    };
  });
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The national e-prescription code of take-home drugs (14 characters:
 * facility code, 7 alphanumerics, type suffix), or undefined when every drug
 * was given in hospital. A prescription with a narcotic is "-n", with a
 * psychotropic "-h", otherwise "-c".
 */
export function prescriptionCodeFor(
  random: Random,
  facilityCode: string,
  drugs: readonly DrugLine[],
): string | undefined {
  const takeHome = drugs.filter((line) => !isInHospitalOnly(line.drug));
  if (takeHome.length === 0) return undefined;
  const kinds = takeHome.map((line) => controlledKind(line.drug));
  const suffix = kinds.includes('narcotic') ? 'n' : kinds.includes('psychotropic') ? 'h' : 'c';
  let body = '';
  for (let i = 0; i < 7; i++) body += ALPHANUMERIC[random.int(0, ALPHANUMERIC.length - 1)];
  return `${facilityCode.slice(0, 5).padEnd(5, '0')}${body}-${suffix}`;
}
