import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayOf, dayOfDateTime } from './care/calendar.js';
import { sampleProvince, sampleResident } from './care/sample-province.js';
import type { PharmacyReceipt, PharmacySale, Visit } from './model.js';
import { drawReceipts, drawSales, violationsOf } from './pharmacy.js';
import { Random } from './random.js';
import { drawVisits } from './visits.js';

const RESIDENTS = 8000;
const province = sampleProvince('pharmacy-test', RESIDENTS);
const visitsOf = new Map<number, Visit[]>();
const sales: PharmacySale[] = [];
for (let i = 0; i < RESIDENTS; i++) {
  const resident = sampleResident(province, i);
  const random = Random.seeded('pharmacy-test').stream('resident', i);
  const visits = drawVisits(province, random.stream('visits'), resident, []);
  visitsOf.set(i, visits);
  sales.push(...drawSales(province, random.stream('sales'), resident, visits));
}
const pharmacies = province.facilities.filter((f) => f.kind === 'pharmacy');
const receipts = new Map<string, PharmacyReceipt[]>(
  pharmacies.map((p) => [p.code, drawReceipts(province, Random.seeded('pharmacy-test').stream('receipts', p.code), p)]),
);
const from = dayOf(province.period.from);
const to = dayOf(province.period.to);

test('residents buy at pharmacies: some prescriptions filled, more over the counter', () => {
  const perResident = sales.length / RESIDENTS;
  assert.ok(perResident > 0.3 && perResident < 1.2, `${perResident} sales per resident`);
  const filled = sales.filter((s) => s.prescriptionCode);
  assert.ok(filled.length > 0.1 * sales.length && filled.length < 0.7 * sales.length);
  const prescriptions = [...visitsOf.values()].flat().filter((v) => v.prescriptionCode);
  assert.ok(filled.length < 0.5 * prescriptions.length, 'many prescriptions are not filled at a pharmacy');
  for (const sale of filled) {
    const visit = visitsOf.get(sale.residentIndex!)!.find((v) => v.prescriptionCode === sale.prescriptionCode);
    assert.ok(visit, 'a filled prescription comes from a visit of the buyer');
    assert.ok(sale.at >= visit.end.slice(0, 10), 'filled after the visit');
    for (const line of sale.lines)
      assert.ok(visit.drugs.some((d) => d.drug.name === line.drug.name && d.quantity === line.quantity));
  }
  for (const sale of sales) {
    assert.ok(dayOfDateTime(sale.at) >= from && dayOfDateTime(sale.at) <= to);
    assert.match(sale.at, /T\d{2}:\d{2}:00\+07:00$/);
    assert.ok(pharmacies.some((p) => p.code === sale.pharmacyCode));
    assert.match(sale.invoice, /^HD\d{14}$/);
    assert.ok(sale.lines.length > 0);
    for (const line of sale.lines) assert.ok(line.quantity > 0 && line.unitPrice >= line.drug.price);
  }
  assert.equal(new Set(sales.map((s) => s.id)).size, sales.length);
});

test('about 2 % of sales sell a prescription-only drug without a prescription, and only those are violations', () => {
  const violating = sales.filter((s) => violationsOf(s).length > 0);
  const share = violating.length / sales.length;
  assert.ok(share > 0.01 && share < 0.035, `${(100 * share).toFixed(2)}% of sales`);
  for (const sale of sales) {
    const violations = violationsOf(sale);
    const rxLines = sale.lines.filter((l) => l.drug.prescriptionOnly);
    assert.equal(violations.length, sale.prescriptionCode ? 0 : rxLines.length);
    for (const v of violations) {
      assert.equal(v.kind, 'prescription-drug-without-prescription');
      assert.equal(v.saleId, sale.id);
      assert.equal(v.invoice, sale.invoice);
      assert.ok(rxLines.some((l) => l.drug.code === v.drugCode));
    }
  }
  const antibiotics = violating.filter((s) => s.lines.some((l) => l.drug.antibiotic && l.drug.prescriptionOnly)).length;
  assert.ok(antibiotics / violating.length > 0.5, 'mostly antibiotics');
});

test('batches: never expired at sale, made before, and brought in by the pharmacy’s own receipts', () => {
  const received = new Set<string>();
  for (const [code, list] of receipts) {
    assert.ok(list.length >= 11 && list.length <= 13, `${list.length} monthly receipts`);
    for (const receipt of list) {
      assert.equal(receipt.pharmacyCode, code);
      assert.ok(receipt.supplier.startsWith('Công ty'));
      for (const line of receipt.lines) {
        received.add(`${code}|${line.drug.name}|${line.batch}`);
        const months = (dayOf(line.expires) - dayOf(line.manufactured)) / 30.44;
        assert.ok(months >= 11.9 && months <= 36.1, `shelf life ${months} months`);
        assert.ok(line.manufactured < receipt.at.slice(0, 10));
        assert.ok(line.unitPrice < line.drug.price && line.quantity > 0);
        assert.ok(!['Tiêm truyền', 'Tiêm tĩnh mạch', 'Tiêm bắp'].includes(line.drug.route), 'no injections at retail');
      }
    }
  }
  let matched = 0;
  let checkable = 0;
  for (const sale of sales) {
    const date = sale.at.slice(0, 10);
    for (const line of sale.lines) {
      assert.ok(line.expires > date, `sold ${date}, expires ${line.expires}`);
      assert.ok(line.manufactured < date);
      assert.match(line.batch, /^\d{7}$/);
      // Batches bought before the period are not in its receipts; later ones must be.
      if (dayOf(date) >= from + 100) {
        checkable++;
        if (received.has(`${sale.pharmacyCode}|${line.drug.name}|${line.batch}`)) matched++;
      }
    }
  }
  assert.equal(matched, checkable, 'every batch sold was received');
});

test('sales and receipts are deterministic', () => {
  const random = Random.seeded('pharmacy-test').stream('resident', 3);
  const resident = sampleResident(province, 3);
  const again = drawSales(province, random.stream('sales'), resident, visitsOf.get(3)!);
  assert.deepEqual(
    again,
    sales.filter((s) => s.residentIndex === 3),
  );
  const p = pharmacies[0]!;
  assert.deepEqual(
    drawReceipts(province, Random.seeded('pharmacy-test').stream('receipts', p.code), p),
    receipts.get(p.code),
  );
});
