import { dateOf, dateTimeOf, dayOf, dayOfDateTime, firstDayOfMonthIndex, monthIndexOf } from './care/calendar.js';
import { networkOf } from './care/network.js';
import {
  batchOf,
  batchOnSale,
  receiptDay,
  reorderCycle,
  reordered,
  retailPrice,
  stocked,
  wholesalePrice,
} from './care/stock.js';
import { isInHospitalOnly } from './drugs.js';
import type {
  Drug,
  Facility,
  PharmacyReceipt,
  PharmacySale,
  PharmacyViolation,
  Province,
  Resident,
  SaleLine,
  Visit,
} from './model.js';
import type { Random } from './random.js';

/**
 * Retail pharmacies: what residents buy (prescriptions filled, medicines over
 * the counter) and what pharmacies buy from distributors, batch by batch.
 *
 * Injected violation: about 2 % of sales include a prescription-only drug
 * (mostly an antibiotic) sold without a prescription. `violationsOf` finds
 * them — it is the labelled truth the pharmacy-surveillance checks must match.
 */

/** Share of over-the-counter sales that also sell a prescription-only drug without a prescription. */
const VIOLATION_SHARE_OF_OTC = 0.034;

/** Over-the-counter purchases a year, by age. */
function otcRate(age: number): number {
  if (age < 12) return 0.35;
  if (age < 60) return 0.4;
  return 0.55;
}

interface Pick {
  drug: string;
  quantity: [number, number];
}

const OTC_BASKETS: { weight: number; items: Pick[] }[] = [
  {
    weight: 30,
    items: [
      { drug: 'Paracetamol 500mg', quantity: [10, 20] },
      { drug: 'Clorpheniramin 4mg', quantity: [10, 10] },
      { drug: 'Dextromethorphan 15mg', quantity: [10, 10] },
      { drug: 'Loratadin 10mg', quantity: [10, 10] },
      { drug: 'Bromhexin 8mg', quantity: [10, 20] },
      { drug: 'Acetylcystein 200mg', quantity: [6, 10] },
    ],
  },
  {
    weight: 20,
    items: [
      { drug: 'Vitamin C 500mg', quantity: [10, 30] },
      { drug: 'Vitamin B1 + B6 + B12', quantity: [10, 30] },
      { drug: 'Calci carbonat + Vitamin D3', quantity: [30, 30] },
      { drug: 'Sắt fumarat + Acid folic', quantity: [30, 30] },
    ],
  },
  {
    weight: 18,
    items: [
      { drug: 'Oresol 245', quantity: [5, 10] },
      { drug: 'Diosmectit 3g', quantity: [6, 10] },
      { drug: 'Loperamid 2mg', quantity: [6, 10] },
      { drug: 'Alverin citrat 40mg', quantity: [10, 20] },
      { drug: 'Nhôm hydroxyd + Magnesi hydroxyd', quantity: [10, 20] },
      { drug: 'Bacillus clausii 2 tỷ bào tử', quantity: [10, 20] },
    ],
  },
  {
    weight: 22,
    items: [
      { drug: 'Paracetamol 500mg', quantity: [10, 20] },
      { drug: 'Ibuprofen 400mg', quantity: [10, 10] },
      { drug: 'Glucosamin 500mg', quantity: [30, 60] },
      { drug: 'Aspirin 81mg', quantity: [30, 30] },
    ],
  },
  {
    weight: 10,
    items: [
      { drug: 'Clotrimazol 1% 20g', quantity: [1, 1] },
      { drug: 'Natri clorid 0,9% 10ml nhỏ mắt', quantity: [1, 3] },
      { drug: 'Cetirizin 10mg', quantity: [10, 10] },
    ],
  },
];

/** Prescription-only drugs that pharmacies hand over without one, as inspections find. */
const VIOLATING: { weight: number; pick: Pick }[] = [
  { weight: 22, pick: { drug: 'Amoxicilin 500mg', quantity: [10, 20] } },
  { weight: 14, pick: { drug: 'Amoxicilin + Acid clavulanic 625mg', quantity: [10, 14] } },
  { weight: 12, pick: { drug: 'Cefuroxim 500mg', quantity: [10, 10] } },
  { weight: 10, pick: { drug: 'Azithromycin 500mg', quantity: [3, 3] } },
  { weight: 8, pick: { drug: 'Ciprofloxacin 500mg', quantity: [10, 10] } },
  { weight: 6, pick: { drug: 'Cefixim 200mg', quantity: [10, 10] } },
  { weight: 8, pick: { drug: 'Prednisolon 5mg', quantity: [10, 20] } },
  { weight: 7, pick: { drug: 'Methylprednisolon 16mg', quantity: [5, 10] } },
  { weight: 6, pick: { drug: 'Amlodipin 5mg', quantity: [30, 30] } },
  { weight: 4, pick: { drug: 'Losartan 50mg', quantity: [30, 30] } },
  { weight: 3, pick: { drug: 'Diazepam 5mg', quantity: [5, 10] } },
];

function saleLine(province: Province, pharmacy: Facility, drug: Drug, quantity: number, day: number): SaleLine {
  const batch = batchOnSale(province, pharmacy, drug, day);
  return {
    drug,
    batch: batch.lot,
    manufactured: batch.manufactured,
    expires: batch.expires,
    quantity,
    unitPrice: retailPrice(drug),
  };
}

function invoiceNumber(random: Random, day: number): string {
  return `HD${dateOf(day).replaceAll('-', '')}${random.digits(6)}`;
}

export function drawSales(
  province: Province,
  random: Random,
  resident: Resident,
  visits: readonly Visit[],
): PharmacySale[] {
  const network = networkOf(province);
  const r = random.stream('draws');
  const ids = random.stream('ids');
  const from = dayOf(province.period.from);
  const to = dayOf(province.period.to);
  const birth = dayOf(resident.birthDate);
  const usual = network.pharmacyNear(resident.address.communeCode, r);
  if (!usual) return [];
  const pharmacyFor = () => (r.chance(0.8) ? usual : (network.pharmacyNear(resident.address.communeCode, r) ?? usual));
  const sales: PharmacySale[] = [];

  // Prescriptions: insured patients get their drugs at the facility; the
  // others (and private-clinic patients) take the prescription to a pharmacy.
  for (const visit of visits) {
    if (!visit.prescriptionCode) continue;
    const facility = province.facilityByCode.get(visit.facilityCode);
    const selfPaying = !visit.insured || facility?.kind === 'private-clinic' || facility?.kind === 'private-hospital';
    if (!r.chance(selfPaying ? 0.7 : 0.05)) continue;
    const endDay = dayOfDateTime(visit.end);
    const day = Math.min(to, endDay + (r.chance(0.75) ? 0 : 1));
    const pharmacy = pharmacyFor();
    const lines = visit.drugs
      .filter((line) => !isInHospitalOnly(line.drug) && r.chance(0.93))
      .map((line) => saleLine(province, pharmacy, line.drug, line.quantity, day));
    if (lines.length === 0) continue;
    const endMinute = Number(visit.end.slice(11, 13)) * 60 + Number(visit.end.slice(14, 16));
    const minute = day === endDay ? Math.min(22 * 60, endMinute + r.int(15, 120)) : r.int(7 * 60, 20 * 60);
    sales.push({
      id: ids.uuid(),
      invoice: invoiceNumber(r, day),
      pharmacyCode: pharmacy.code,
      patientId: resident.id,
      residentIndex: resident.index,
      at: dateTimeOf(day, minute),
      prescriptionCode: visit.prescriptionCode,
      lines,
    });
  }

  // Over the counter, now and then a prescription-only drug without a prescription.
  const first = Math.max(from, birth);
  if (first <= to) {
    const age = Math.max(0, (first - birth) / 365.25);
    const count = r.poisson(otcRate(age) * ((to - first + 1) / 365.25));
    for (let n = 0; n < count; n++) {
      const day = r.int(first, to);
      const pharmacy = pharmacyFor();
      const basket = r.weighted(OTC_BASKETS).items;
      const picks = r.chance(0.35) ? [r.pick(basket), r.pick(basket)] : [r.pick(basket)];
      const unique = [...new Map(picks.map((pick) => [pick.drug, pick])).values()];
      if (r.chance(VIOLATION_SHARE_OF_OTC)) unique.push(r.weighted(VIOLATING).pick);
      const lines = unique.map((pick) =>
        saleLine(province, pharmacy, network.drug(pick.drug), r.int(pick.quantity[0], pick.quantity[1]), day),
      );
      const sale: PharmacySale = {
        id: ids.uuid(),
        invoice: invoiceNumber(r, day),
        pharmacyCode: pharmacy.code,
        residentIndex: resident.index,
        at: dateTimeOf(day, r.int(7 * 60, 21 * 60 + 30)),
        lines,
      };
      if (r.chance(0.3)) sale.patientId = resident.id;
      sales.push(sale);
    }
  }
  return sales.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
}

const SUPPLIERS = [
  'Công ty CP Dược phẩm Sông Đồng',
  'Công ty TNHH Dược phẩm Bình An Phát',
  'Công ty CP Phân phối Dược Miền Đông Xanh',
  'Công ty TNHH Thương mại Dược Hòa Tâm',
  'Công ty CP Dược Trường Phúc',
];

/** Units a pharmacy of this size orders per month of a drug's cycle. */
function orderQuantity(random: Random, drug: Drug, size: number, months: number): number {
  const base = drug.unit === 'Viên' ? 300 : drug.unit === 'Gói' || drug.unit === 'Ống' ? 100 : 8;
  const raw = base * Math.max(0.3, size / 10) * months * (0.6 + 0.8 * random.next());
  const pack = drug.unit === 'Viên' ? 100 : drug.unit === 'Gói' || drug.unit === 'Ống' ? 10 : 1;
  return Math.max(pack, Math.round(raw / pack) * pack);
}

/**
 * The pharmacy's purchase receipts over the period, one a month (from a
 * distributor it mostly keeps), each with the batches of the drugs whose
 * reorder cycle falls in that month.
 */
export function drawReceipts(province: Province, random: Random, pharmacy: Facility): PharmacyReceipt[] {
  const drugs = stocked(province.drugs);
  const from = dayOf(province.period.from);
  const to = dayOf(province.period.to);
  const ids = random.stream('ids');
  const r = random.stream('draws');
  const main = r.pick(SUPPLIERS);
  const receipts: PharmacyReceipt[] = [];
  for (let month = monthIndexOf(from); firstDayOfMonthIndex(month) <= to; month++) {
    const day = receiptDay(province, pharmacy.code, month);
    if (day < from || day > to) continue;
    const lines: SaleLine[] = [];
    for (const drug of drugs) {
      if (!reordered(province, pharmacy.code, drug, month)) continue;
      const batch = batchOf(province, pharmacy.code, drug, month);
      lines.push({
        drug,
        batch: batch.lot,
        manufactured: batch.manufactured,
        expires: batch.expires,
        quantity: orderQuantity(r, drug, pharmacy.size, reorderCycle(province, pharmacy.code, drug)),
        unitPrice: wholesalePrice(drug),
      });
    }
    if (lines.length === 0) continue;
    const date = dateOf(day).replaceAll('-', '');
    receipts.push({
      id: ids.uuid(),
      receipt: `PN${date}-${String(receipts.length + 1).padStart(2, '0')}`,
      pharmacyCode: pharmacy.code,
      supplier: r.chance(0.8) ? main : r.pick(SUPPLIERS),
      at: dateTimeOf(day, r.int(8 * 60, 16 * 60)),
      lines,
    });
  }
  return receipts;
}

/** The lines of a sale that break the rules: a prescription-only drug sold without a prescription. */
export function violationsOf(sale: PharmacySale): PharmacyViolation[] {
  if (sale.prescriptionCode) return [];
  return sale.lines
    .filter((line) => line.drug.prescriptionOnly)
    .map((line) => ({
      saleId: sale.id,
      invoice: sale.invoice,
      pharmacyCode: sale.pharmacyCode,
      drugCode: line.drug.code,
      kind: 'prescription-drug-without-prescription' as const,
    }));
}
