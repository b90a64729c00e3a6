import { isInHospitalOnly } from '../drugs.js';
import type { Drug, Facility, Province } from '../model.js';
import { Random } from '../random.js';
import { addMonths, dateOf, firstDayOfMonthIndex, monthIndexOf } from './calendar.js';

/**
 * What a retail pharmacy has on its shelves, batch by batch. Each drug is
 * reordered every one to three months (its own cycle, fixed per pharmacy);
 * the monthly receipt brings a new batch of every drug whose cycle falls in
 * that month, and sales take the newest batch received. Everything is drawn
 * from the province seed and the pharmacy's code, so a sale drawn for a
 * resident names a batch that the pharmacy's receipts really brought in.
 *
 * A batch is made 1–6 months before it arrives and keeps 1–3 years, and a
 * batch is sold for at most three months: nothing sold is ever expired.
 */

export interface Batch {
  lot: string;
  manufactured: string;
  expires: string;
  /** Day number the batch arrived. */
  received: number;
}

/** Drugs a retail pharmacy sells (no injections or infusions). */
export function stocked(drugs: readonly Drug[]): Drug[] {
  return drugs.filter((drug) => !isInHospitalOnly(drug));
}

interface Plan {
  cycle: number;
  phase: number;
}

/** Reorder plans and receipt days, drawn once per province (a few per pharmacy and drug). */
interface Cache {
  plans: Map<string, Plan>;
  receiptDays: Map<string, number>;
}

const caches = new WeakMap<Province, Cache>();

function cacheOf(province: Province): Cache {
  let cache = caches.get(province);
  if (!cache) {
    cache = { plans: new Map(), receiptDays: new Map() };
    caches.set(province, cache);
  }
  return cache;
}

function planOf(province: Province, pharmacyCode: string, drug: Drug): Plan {
  const plans = cacheOf(province).plans;
  const key = `${pharmacyCode}|${drug.name}`;
  let plan = plans.get(key);
  if (!plan) {
    const r = Random.seeded(province.seed).stream('stock', pharmacyCode, drug.name);
    const x = r.next();
    const cycle = x < 0.45 ? 1 : x < 0.8 ? 2 : 3;
    plan = { cycle, phase: r.int(0, cycle - 1) };
    plans.set(key, plan);
  }
  return plan;
}

/** Months between two orders of a drug at a pharmacy (1–3). */
export function reorderCycle(province: Province, pharmacyCode: string, drug: Drug): number {
  return planOf(province, pharmacyCode, drug).cycle;
}

/** Day of the month's receipt at a pharmacy (the 1st to the 5th). */
export function receiptDay(province: Province, pharmacyCode: string, monthIndex: number): number {
  const days = cacheOf(province).receiptDays;
  const key = `${pharmacyCode}|${monthIndex}`;
  let day = days.get(key);
  if (day === undefined) {
    const r = Random.seeded(province.seed).stream('receipt-day', pharmacyCode, monthIndex);
    day = firstDayOfMonthIndex(monthIndex) + r.int(0, 4);
    days.set(key, day);
  }
  return day;
}

export function reordered(province: Province, pharmacyCode: string, drug: Drug, monthIndex: number): boolean {
  const plan = planOf(province, pharmacyCode, drug);
  return (((monthIndex - plan.phase) % plan.cycle) + plan.cycle) % plan.cycle === 0;
}

/** The batch of a drug that arrived at a pharmacy with the receipt of a month. */
export function batchOf(province: Province, pharmacyCode: string, drug: Drug, monthIndex: number): Batch {
  const received = receiptDay(province, pharmacyCode, monthIndex);
  const r = Random.seeded(province.seed).stream('batch', pharmacyCode, drug.name, monthIndex);
  const made = received - r.int(30, 180);
  const madeDate = dateOf(made);
  const expires = addMonths(made, r.int(12, 36));
  return {
    lot: `${madeDate.slice(2, 4)}${madeDate.slice(5, 7)}${r.digits(3)}`,
    manufactured: madeDate,
    expires: dateOf(expires),
    received,
  };
}

/** The batch a pharmacy sells a drug from on a day: the newest one received by then. */
export function batchOnSale(province: Province, pharmacy: Facility, drug: Drug, day: number): Batch {
  const plan = planOf(province, pharmacy.code, drug);
  const month = monthIndexOf(day);
  for (let back = 0; back <= plan.cycle + 1; back++) {
    const m = month - back;
    if ((((m - plan.phase) % plan.cycle) + plan.cycle) % plan.cycle !== 0) continue;
    if (receiptDay(province, pharmacy.code, m) > day) continue;
    return batchOf(province, pharmacy.code, drug, m);
  }
  return batchOf(province, pharmacy.code, drug, month - plan.cycle);
}

export function wholesalePrice(drug: Drug): number {
  return Math.max(50, Math.round((drug.price * 0.82) / 10) * 10);
}

export function retailPrice(drug: Drug): number {
  return Math.max(100, Math.round((drug.price * 1.25) / 100) * 100);
}
