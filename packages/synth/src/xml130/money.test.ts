import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../random.js';
import { province, randomVisit } from './fixtures.js';
import { readXml130Envelope, readXml130Rows, priceLine, shareLine } from '@lienthong/xml130';
import { visitXml130 } from './visit-file.js';

/** A decimal as written in the file, as an integer count of 10^-scale; refuses more decimals than allowed. */
function scaled(text: string | undefined, scale: number, field: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text ?? '');
  assert.ok(m, `${field} is not a plain decimal: ${JSON.stringify(text)}`);
  const fraction = m[2] ?? '';
  assert.ok(fraction.length <= scale, `${field} has more than ${scale} decimals: ${text}`);
  return BigInt(m[1]! + fraction.padEnd(scale, '0'));
}
const cents = (row: Record<string, string>, field: string) => scaled(row[field], 2, field);
const roundDiv = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);

function benefitOfLevel(level: number): number {
  return level === 3 ? 95 : level === 4 ? 80 : 100;
}

test('line and visit money rules hold on random visits', () => {
  const random = Random.seeded('xml130-money');
  const prov = province();
  let insuredSeen = 0;
  let partialBenefitSeen = 0;
  let outOfScopeSeen = 0;
  for (let n = 0; n < 400; n++) {
    const { visit, life } = randomVisit(random.stream('visit', n), n);
    const tables = readXml130Envelope(visitXml130(prov, life, visit)).tables;
    const summary = readXml130Rows(tables.XML1!)[0]!;
    const drugRows = tables.XML2 ? readXml130Rows(tables.XML2) : [];
    const serviceRows = tables.XML3 ? readXml130Rows(tables.XML3) : [];
    assert.equal(drugRows.length, visit.drugs.length);
    assert.equal(serviceRows.length, visit.services.length);

    const benefit = Number(summary.MUC_HUONG ?? drugRows[0]?.MUC_HUONG ?? serviceRows[0]?.MUC_HUONG ?? '0');
    let sumBv = 0n,
      sumBh = 0n,
      sumFund = 0n,
      sumCo = 0n,
      sumOut = 0n,
      sumDrugs = 0n,
      sumSupplies = 0n;
    for (const [row, unitPriceField, bhPriceField, isDrug] of [
      ...drugRows.map((r) => [r, 'DON_GIA', 'DON_GIA', true] as const),
      ...serviceRows.map((r) => [r, 'DON_GIA_BV', 'DON_GIA_BH', false] as const),
    ]) {
      const quantity = scaled(row.SO_LUONG, 3, 'SO_LUONG');
      const price = scaled(row[unitPriceField], 3, unitPriceField);
      const bhPrice = scaled(row[bhPriceField], 3, bhPriceField);
      const rate = BigInt(row.TYLE_TT_BH!);
      const lineBenefit = BigInt(row.MUC_HUONG!);
      const bv = cents(row, 'THANH_TIEN_BV');
      const bh = cents(row, 'THANH_TIEN_BH');
      assert.equal(bv, roundDiv(quantity * price, 10_000n), 'THANH_TIEN_BV = SO_LUONG × DON_GIA, 2 decimals');
      assert.equal(
        bh,
        roundDiv(quantity * bhPrice * rate, 1_000_000n),
        'THANH_TIEN_BH = SO_LUONG × DON_GIA_BH × TYLE/100',
      );
      const viaTotal = bv * rate;
      assert.ok(
        bh * 100n - viaTotal <= 100n && viaTotal - bh * 100n <= 100n,
        'THANH_TIEN_BH ≈ THANH_TIEN_BV × TYLE/100',
      );
      assert.equal(cents(row, 'T_BHTT'), roundDiv(bh * lineBenefit, 100n), 'T_BHTT = THANH_TIEN_BH × MUC_HUONG/100');
      assert.equal(cents(row, 'T_BNCCT') + cents(row, 'T_BHTT'), bh, 'T_BNCCT + T_BHTT = THANH_TIEN_BH');
      assert.equal(cents(row, 'T_BNTT'), bv - bh, 'T_BNTT = THANH_TIEN_BV − THANH_TIEN_BH');
      assert.equal(Number(lineBenefit), benefit, 'one MUC_HUONG per visit');
      sumBv += bv;
      sumBh += bh;
      sumFund += cents(row, 'T_BHTT');
      sumCo += cents(row, 'T_BNCCT');
      sumOut += cents(row, 'T_BNTT');
      if (isDrug) sumDrugs += bv;
      else if (row.MA_NHOM === '10' || row.MA_NHOM === '11') sumSupplies += bv;
      if (rate === 0n && visit.insured) outOfScopeSeen++;
    }

    assert.equal(cents(summary, 'T_TONGCHI_BV'), sumBv, 'T_TONGCHI_BV = Σ THANH_TIEN_BV of XML2 and XML3');
    assert.equal(cents(summary, 'T_THUOC'), sumDrugs, 'T_THUOC = Σ XML2');
    assert.equal(cents(summary, 'T_VTYT'), sumSupplies, 'T_VTYT = Σ supplies of XML3');
    assert.equal(cents(summary, 'T_TONGCHI_BH'), sumBh, 'T_TONGCHI_BH = Σ THANH_TIEN_BH');
    assert.equal(cents(summary, 'T_BHTT'), sumFund);
    assert.equal(cents(summary, 'T_BNCCT'), sumCo);
    assert.equal(cents(summary, 'T_BNTT'), sumOut);
    assert.equal(cents(summary, 'T_BHTT') + cents(summary, 'T_BNCCT'), cents(summary, 'T_TONGCHI_BH'));
    assert.equal(cents(summary, 'T_BNTT'), cents(summary, 'T_TONGCHI_BV') - cents(summary, 'T_TONGCHI_BH'));

    if (!visit.insured) {
      assert.equal(summary.MA_THE_BHYT, '', 'a self-paying visit has no card');
      assert.equal(summary.MA_DKBD, '');
      assert.equal(summary.GT_THE_TU, '');
      assert.equal(summary.GT_THE_DEN, '');
      assert.equal(cents(summary, 'T_TONGCHI_BH'), 0n);
      assert.equal(cents(summary, 'T_BHTT'), 0n);
      assert.equal(cents(summary, 'T_BNTT'), sumBv, 'the patient pays everything');
      continue;
    }
    insuredSeen++;
    const level = life.resident.card!.benefitLevel;
    const expected = visit.facilityCode === '75123' || sumBh < 35_100_000n ? 100 : benefitOfLevel(level);
    if (drugRows.length + serviceRows.length > 0) assert.equal(benefit, expected, `MUC_HUONG for level ${level}`);
    if (expected < 100) partialBenefitSeen++;
  }
  // The loop must have exercised the interesting cases, or it proves nothing.
  assert.ok(
    insuredSeen > 200 && partialBenefitSeen > 30 && outOfScopeSeen > 5,
    `${insuredSeen}/${partialBenefitSeen}/${outOfScopeSeen}`,
  );
});

test('MUC_HUONG by benefit level, with the health-station and low-cost exceptions', async () => {
  const { visitContext } = await import('./visit-context.js');
  const { outpatientVisit, life, card } = await import('./fixtures.js');
  const prov = province();
  const expensive = {
    code: 'X',
    name: 'Chụp CT',
    group: '2',
    quantity: 1,
    unitPrice: 1_500_000,
    at: '2026-03-14T09:00:00+07:00',
  };
  for (const [level, percent] of [
    [1, 100],
    [2, 100],
    [3, 95],
    [4, 80],
    [5, 100],
  ] as const) {
    const visit = outpatientVisit({ services: [expensive] });
    const l = life([visit], { resident: { ...life([]).resident, card: { ...card, benefitLevel: level } } });
    assert.equal(visitContext(prov, l, visit).benefit, percent, `level ${level}`);
    // At the commune health station the fund pays all.
    const atStation = { ...visit, facilityCode: '75123', practitionerId: 'w-2' };
    assert.equal(visitContext(prov, l, atStation).benefit, 100);
  }
  // Below 15 % of the base salary (351,000 đ) the fund pays all; at it, the card's level applies.
  const cheap = outpatientVisit({ drugs: [], services: [{ ...expensive, unitPrice: 350_999.99 }] });
  assert.equal(visitContext(prov, life([cheap]), cheap).benefit, 100);
  const atThreshold = outpatientVisit({ drugs: [], services: [{ ...expensive, unitPrice: 351_000 }] });
  assert.equal(visitContext(prov, life([atThreshold]), atThreshold).benefit, 80);
});

test('line pricing rounds per line and refuses impossible inputs', () => {
  const line = priceLine(3, 0.335, 0.335, 100); // 1.005 đ → 1.01 (half up)
  assert.equal(line.total, 101n);
  const half = priceLine(1, 101, 101, 50);
  assert.equal(half.inScope, 5050n);
  assert.deepEqual(shareLine(half, 80), { fund: 4040n, coPayment: 1010n, outOfScope: 5050n });
  assert.throws(() => priceLine(1, 100, 100, 101), /TYLE_TT_BH/);
  assert.throws(() => priceLine(1, 100, 100, 12.5), /TYLE_TT_BH/);
  assert.throws(() => priceLine(1, 100, 200, 100), /exceeds/);
  assert.throws(() => priceLine(-1, 100, 100, 100), /SO_LUONG/);
});
