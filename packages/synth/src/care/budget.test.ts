import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawSales } from '../pharmacy.js';
import { Random } from '../random.js';
import { drawVaccinations } from '../vaccinations.js';
import { drawVisits } from '../visits.js';
import { sampleProvince, sampleResident } from './sample-province.js';

/**
 * The volume budget of the brief: at most 12 FHIR resources per resident for
 * a 12-month period, everything included. The life-history records counted
 * here (visits, diagnoses, lab results, drug lines, immunizations, pharmacy
 * sales) must leave room for the Patient and its duplicates: 11 at most.
 */
test('a resident-year costs at most 11 life-history records', () => {
  const residents = 6000;
  const province = sampleProvince('budget', residents);
  const counts = { visits: 0, diagnoses: 0, labs: 0, drugs: 0, vaccinations: 0, sales: 0 };
  for (let i = 0; i < residents; i++) {
    const resident = sampleResident(province, i);
    const random = Random.seeded('budget').stream('resident', i);
    const visits = drawVisits(province, random.stream('visits'), resident, []);
    const vaccinations = drawVaccinations(province, random.stream('vaccinations'), resident);
    const sales = drawSales(province, random.stream('sales'), resident, visits);
    counts.visits += visits.length;
    for (const v of visits) {
      counts.diagnoses += v.diagnoses.length;
      counts.labs += v.labs.length;
      counts.drugs += v.drugs.length;
    }
    counts.vaccinations += vaccinations.length;
    counts.sales += sales.length;
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0) / residents;
  const per = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, (v / residents).toFixed(2)]));
  assert.ok(total <= 11, `${total.toFixed(2)} records per resident: ${JSON.stringify(per)}`);
  assert.ok(total >= 7, `${total.toFixed(2)}: life histories are not empty`);
});
