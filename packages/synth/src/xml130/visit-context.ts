import type {
  DrugLine,
  Facility,
  HealthWorker,
  InsuranceCard,
  Province,
  ResidentLife,
  ServiceLine,
  Visit,
} from '../model.js';
import {
  isSupplyGroup,
  type LineShares,
  type PricedLine,
  priceLine,
  shareLine,
  sumLines,
  type VisitTotals,
} from '@lienthong/xml130';
import { benefitPercent } from './codes.js';
import { facilityPatient, type FacilityPatient } from './patient-record.js';

/**
 * TYLE_TT_BH of a line whose price the fund pays only in part (a drug paid
 * at 50 %), 0 when outside the fund's list. Not in model.ts yet: lines
 * without it are fully in scope (100).
 */
export interface InsuranceRate {
  insuranceRate?: number;
}

export interface PricedDrug {
  line: DrugLine;
  /** TYLE_TT_BH of the line on the fund's list (the applied rate is 0 when the visit is self-paying). */
  listRate: number;
  priced: PricedLine;
  shares: LineShares;
}

export interface PricedService {
  line: ServiceLine;
  listRate: number;
  priced: PricedLine;
  shares: LineShares;
  supply: boolean;
}

/** Everything the tables of one visit share, worked out once. */
export interface VisitContext {
  visit: Visit;
  patient: FacilityPatient;
  /** The card claimed against; only for insured visits. */
  card?: InsuranceCard;
  facility?: Facility;
  province: Province;
  /** Practising licence of the visit's doctor (MA_BAC_SI), empty when unknown. */
  doctor: string;
  /** MUC_HUONG; 0 for a self-paying visit. */
  benefit: number;
  drugs: PricedDrug[];
  services: PricedService[];
  totals: VisitTotals;
}

const workersByProvince = new WeakMap<Province, Map<string, HealthWorker>>();

/** Looks a health worker up by id without scanning the province's staff for every visit. */
export function workerById(province: Province, id: string): HealthWorker | undefined {
  let byId = workersByProvince.get(province);
  if (!byId) {
    byId = new Map(province.workers.map((w) => [w.id, w]));
    workersByProvince.set(province, byId);
  }
  return byId.get(id);
}

function rateOf(line: DrugLine | ServiceLine): number {
  return (line as InsuranceRate).insuranceRate ?? 100;
}

export function visitContext(province: Province, life: ResidentLife, visit: Visit): VisitContext {
  const patient = facilityPatient(life, visit);
  const card = visit.insured ? patient.card : undefined;
  if (visit.insured && !card) throw new Error(`visit ${visit.id} is insured but patient ${patient.id} has no card`);
  const insured = card !== undefined;

  const drugPrices = visit.drugs.map((line) =>
    priceLine(line.quantity, line.unitPrice, line.unitPrice, insured ? rateOf(line) : 0),
  );
  const servicePrices = visit.services.map((line) =>
    priceLine(line.quantity, line.unitPrice, line.unitPrice, insured ? rateOf(line) : 0),
  );
  const inScope = [...drugPrices, ...servicePrices].reduce((sum, p) => sum + p.inScope, 0n);
  const facility = province.facilityByCode.get(visit.facilityCode);
  const benefit = card ? benefitPercent(card, facility, inScope) : 0;

  const drugs = visit.drugs.map((line, i) => {
    const priced = drugPrices[i]!;
    return { line, listRate: rateOf(line), priced, shares: shareLine(priced, benefit) };
  });
  const services = visit.services.map((line, i) => {
    const priced = servicePrices[i]!;
    return {
      line,
      listRate: rateOf(line),
      priced,
      shares: shareLine(priced, benefit),
      supply: isSupplyGroup(line.group),
    };
  });
  const totals = sumLines([
    ...drugs.map((d) => ({ ...d, drug: true, supply: false })),
    ...services.map((s) => ({ ...s, drug: false })),
  ]);

  return {
    visit,
    patient,
    card,
    facility,
    province,
    doctor: workerById(province, visit.practitionerId)?.licence ?? '',
    benefit,
    drugs,
    services,
    totals,
  };
}
