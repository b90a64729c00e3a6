import type { Sex, VitalSigns } from '../model.js';
import type { Random } from '../random.js';

/**
 * Vital signs that fit the patient: heart and breathing rates by age, a fever
 * when the illness brings one, a high blood pressure in hypertension, and a
 * weight that follows the person's own build (`build`, a z-score drawn once
 * per resident) along a rough Vietnamese growth curve.
 */

export function typicalWeight(ageYears: number, sex: Sex, build: number): number {
  const male = sex === 'male';
  let median: number;
  if (ageYears < 1) median = 3.2 + ageYears * 6;
  else if (ageYears < 10) median = 9.5 + 2.2 * (ageYears - 1);
  else if (ageYears < 18) median = 29 + (male ? 4.3 : 3.2) * (ageYears - 10);
  else median = male ? 62 : 51;
  const spread = ageYears < 18 ? 0.12 : 0.14;
  return Math.max(2.2, Math.round(median * (1 + spread * Math.max(-2.5, Math.min(2.5, build))) * 10) / 10);
}

export function drawVitals(
  random: Random,
  ageYears: number,
  sex: Sex,
  build: number,
  state: { fever?: boolean; hypertension?: boolean; controlled?: boolean },
): VitalSigns {
  const fever = state.fever ?? false;
  const temperature = fever ? 37.8 + random.next() * 1.8 : 36.3 + random.next() * 0.8;
  let pulse: number;
  let respiratoryRate: number;
  let systolic: number;
  let diastolic: number;
  if (ageYears < 1) {
    pulse = random.int(110, 150);
    respiratoryRate = random.int(30, 45);
    systolic = random.int(70, 90);
    diastolic = random.int(40, 55);
  } else if (ageYears < 5) {
    pulse = random.int(90, 130);
    respiratoryRate = random.int(24, 34);
    systolic = random.int(85, 100);
    diastolic = random.int(50, 65);
  } else if (ageYears < 12) {
    pulse = random.int(75, 110);
    respiratoryRate = random.int(18, 26);
    systolic = random.int(90, 110);
    diastolic = random.int(55, 70);
  } else {
    pulse = random.int(64, 92);
    respiratoryRate = random.int(16, 20);
    const ageing = Math.max(0, ageYears - 25) * 0.35;
    systolic = Math.round(random.normal(112 + ageing, 8));
    diastolic = Math.round(random.normal(72 + ageing / 3, 6));
    if (state.hypertension) {
      systolic = state.controlled ? random.int(125, 142) : random.int(145, 175);
      diastolic = state.controlled ? random.int(78, 89) : random.int(88, 102);
    }
  }
  if (fever) pulse += random.int(8, 20);
  return {
    pulse,
    temperature: Math.round(temperature * 10) / 10,
    systolic: Math.max(systolic, diastolic + 20),
    diastolic,
    respiratoryRate,
    weightKg: typicalWeight(ageYears, sex, build),
  };
}
