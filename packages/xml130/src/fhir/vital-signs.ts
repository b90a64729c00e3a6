import type { Observation, Quantity } from '@medplum/fhirtypes';
import { CS } from '@lienthong/core';

/**
 * The vital-signs notation 4750/QĐ-BYT adds to XML5's DIEN_BIEN_LS,
 * `CSST<M88_T38.2_HA130/85_NT20>`: M pulse (/min), T temperature (°C), HA
 * blood pressure (mmHg), NT respiratory rate (/min); CN weight (kg) and
 * CC height (cm) as some HIS add them. Unknown items (HL…) are skipped.
 */
export interface VitalSign {
  kind: 'pulse' | 'temperature' | 'blood-pressure' | 'respiratory-rate' | 'weight' | 'height';
  values: number[];
}

const NOTATION = /CSST<([^>]*)>/i;

export function parseVitalSigns(text: string): VitalSign[] {
  const body = NOTATION.exec(text)?.[1];
  if (!body) return [];
  const signs: VitalSign[] = [];
  for (const item of body.split('_')) {
    const m = /^([A-Za-z]+)\s*([0-9.]+(?:\/[0-9.]+)?)$/.exec(item.trim().replace(/(\d),(\d)/g, '$1.$2'));
    if (!m) continue;
    const values = m[2]!.split('/').map(Number);
    if (values.some((v) => !Number.isFinite(v))) continue;
    const kind = KINDS[m[1]!.toUpperCase()];
    if (!kind || (kind === 'blood-pressure') !== (values.length === 2)) continue;
    signs.push({ kind, values });
  }
  return signs;
}

const KINDS: Readonly<Record<string, VitalSign['kind']>> = {
  M: 'pulse',
  T: 'temperature',
  HA: 'blood-pressure',
  NT: 'respiratory-rate',
  CN: 'weight',
  CC: 'height',
};

const q = (value: number, code: string, unit = code): Quantity => ({ value, unit, system: CS.ucum, code });

/** LOINC codes of the vital-signs profile (https://hl7.org/fhir/R4/observation-vitalsigns.html). */
const CODES: Readonly<Record<Exclude<VitalSign['kind'], 'blood-pressure'>, [string, string, string, string]>> = {
  pulse: ['8867-4', 'Heart rate', '/min', 'Mạch'],
  temperature: ['8310-5', 'Body temperature', 'Cel', 'Nhiệt độ'],
  'respiratory-rate': ['9279-1', 'Respiratory rate', '/min', 'Nhịp thở'],
  weight: ['29463-7', 'Body weight', 'kg', 'Cân nặng'],
  height: ['8302-2', 'Body height', 'cm', 'Chiều cao'],
};

/** A vital sign as a vital-signs Observation (blood pressure as the panel with both components). */
export function vitalSignObservation(
  sign: VitalSign,
  base: Pick<Observation, 'id' | 'subject' | 'encounter' | 'effectiveDateTime' | 'performer'>,
): Observation {
  const head = {
    resourceType: 'Observation' as const,
    id: base.id,
    status: 'final' as const,
    category: [{ coding: [{ system: CS.observationCategory, code: 'vital-signs', display: 'Vital Signs' }] }],
  };
  const rest = {
    subject: base.subject,
    encounter: base.encounter,
    effectiveDateTime: base.effectiveDateTime,
    ...(base.performer ? { performer: base.performer } : {}),
  };
  if (sign.kind === 'blood-pressure') {
    return {
      ...head,
      code: {
        coding: [{ system: CS.loinc, code: '85354-9', display: 'Blood pressure panel with all children optional' }],
        text: 'Huyết áp',
      },
      ...rest,
      component: [
        {
          code: { coding: [{ system: CS.loinc, code: '8480-6', display: 'Systolic blood pressure' }] },
          valueQuantity: q(sign.values[0]!, 'mm[Hg]'),
        },
        {
          code: { coding: [{ system: CS.loinc, code: '8462-4', display: 'Diastolic blood pressure' }] },
          valueQuantity: q(sign.values[1]!, 'mm[Hg]'),
        },
      ],
    };
  }
  const [code, display, unit, vi] = CODES[sign.kind];
  return {
    ...head,
    code: { coding: [{ system: CS.loinc, code, display }], text: vi },
    ...rest,
    valueQuantity: q(sign.values[0]!, unit),
  };
}
