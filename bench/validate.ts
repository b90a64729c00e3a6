/**
 * Micro-benchmark of validation on the write path (not a test): µs per
 * resource for problemsOf() (validate.ts, every layer) and for the R4 rules
 * layer alone (validate-strict.ts) over a few thousand generated Patients and
 * charts (Encounters, Observations, Conditions). Best of 10 rounds: the
 * machine is shared.
 * Run: node --conditions=development --import tsx bench/validate.ts
 */
import type { Resource } from '@medplum/fhirtypes';
import { makeChart, makePatient, STORE_SHAPE } from './lib/fhir-data.js';
import { problemsOf } from '../packages/server/src/fhir/validate.js';
import { strictIssues } from '../packages/server/src/fhir/validate-strict.js';

const patients: Resource[] = [];
const charts: Resource[] = [];
for (let i = 0; i < 2000; i++) patients.push(makePatient('bench', i));
for (let i = 0; i < 500; i++) {
  for (const e of makeChart('bench', i, STORE_SHAPE, (k) => `${k.split('/')[0]}/${i}`)) charts.push(e.resource);
}

function time(label: string, resources: Resource[], check: (r: Resource) => { severity?: string }[]): void {
  for (const r of resources.slice(0, 300)) check(r); // warm up
  let best = Infinity;
  for (let round = 0; round < 10; round++) {
    const start = process.hrtime.bigint();
    for (const r of resources) {
      const problems = check(r);
      if (problems.some((p) => p.severity === 'error')) throw new Error(JSON.stringify(problems));
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / resources.length);
  }
  console.log(`${label}: ${best.toFixed(1)} µs a resource (${resources.length}, best of 10)`);
}

time('Patient, every layer', patients, problemsOf);
time('Patient, validate-strict.ts alone', patients, strictIssues);
time('chart resources, every layer', charts, problemsOf);
time('chart resources, validate-strict.ts alone', charts, strictIssues);
