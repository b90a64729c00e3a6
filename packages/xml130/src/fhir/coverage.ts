import type { Coverage } from '@medplum/fhirtypes';
import { CS, EXT, SID } from '@lienthong/core';
import type { Row } from '../read/read-table.js';
import type { VisitKeys } from './context.js';
import { xml130Id } from './ids.js';
import { compact, facilityRef, fhirDate, list } from './values.js';

const COVERAGE_CLASS = 'http://terminology.hl7.org/CodeSystem/coverage-class';
const SELF_PAY = 'http://terminology.hl7.org/CodeSystem/coverage-selfpay';

/**
 * The benefit level of a BHYT card: the digit after the two-letter group
 * code ("DN4…" → 4), which sets the share the fund pays (Law on Health
 * Insurance art. 22; the visit's MUC_HUONG is on the XML2/XML3 lines).
 */
export function benefitLevel(card: string): string | undefined {
  return /^[A-Z]{2}([1-5])/.exec(card)?.[1];
}

/**
 * One Coverage per BHYT card of MA_THE_BHYT (a list when the card changed
 * during the visit), with its validity (GT_THE_TU/GT_THE_DEN), benefit level
 * and registered facility (MA_DKBD). The id comes from the facility and the
 * card number, so every visit with the same card shares it.
 */
export function coverageResources(keys: VisitKeys): Coverage[] {
  const row: Row = keys.summary;
  const cards = list(row.MA_THE_BHYT);
  const from = list(row.GT_THE_TU);
  const to = list(row.GT_THE_DEN);
  const registered = list(row.MA_DKBD);
  if (cards.length === 0) return [selfPay(keys)];
  return cards.map((card, i) => {
    const level = benefitLevel(card);
    const dkbd = registered[i] ?? registered[0];
    const period = compact({ start: fhirDate(from[i]), end: fhirDate(to[i]) });
    return compact<Coverage>({
      resourceType: 'Coverage',
      id: xml130Id(keys.facility, 'coverage', card),
      extension: dkbd ? [{ url: EXT.registeredFacility, valueReference: facilityRef(dkbd) }] : undefined,
      identifier: [{ system: SID.bhyt, value: card }],
      status: 'active',
      type: { coding: [{ system: CS.v3ActCode, code: 'PUBLICPOL', display: 'public healthcare' }], text: 'BHYT' },
      subscriberId: card,
      beneficiary: keys.patient,
      period: Object.keys(period).length > 0 ? period : undefined,
      payor: [{ display: 'Bảo hiểm xã hội Việt Nam' }],
      class: level
        ? [{ type: { coding: [{ system: COVERAGE_CLASS, code: 'plan' }] }, value: level, name: 'Mức hưởng' }]
        : undefined,
    });
  });
}

/** A self-paying visit (no card): R4 models paying oneself as a Coverage of type "pay" whose payor is the patient. */
function selfPay(keys: VisitKeys): Coverage {
  return {
    resourceType: 'Coverage',
    id: xml130Id(keys.facility, 'self-pay', keys.summary.MA_BN ?? ''),
    status: 'active',
    type: { coding: [{ system: SELF_PAY, code: 'pay', display: 'PAY' }], text: 'Tự chi trả' },
    beneficiary: keys.patient,
    payor: [keys.patient],
  };
}
