/**
 * The roles of the exchange (REQUIREMENTS "who uses the system"). A role
 * bounds what a caller may ever do; scopes in a token narrow it further.
 */
export const ROLES = [
  'administrator',
  'facility-system',
  'clinician',
  'laboratory',
  'pharmacy',
  'surveillance-officer',
  'immunization-officer',
  'department-analyst',
  'resident',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Vietnamese first, English second: for sign-in pages, CLI output and the web app. */
export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  administrator: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  'facility-system': { vi: 'Hệ thống cơ sở y tế (máy)', en: 'Facility system (machine)' },
  clinician: { vi: 'Bác sĩ / nhân viên lâm sàng', en: 'Clinician' },
  laboratory: { vi: 'Phòng xét nghiệm', en: 'Laboratory' },
  pharmacy: { vi: 'Nhà thuốc', en: 'Pharmacy' },
  'surveillance-officer': { vi: 'Cán bộ giám sát dịch bệnh', en: 'Surveillance officer' },
  'immunization-officer': { vi: 'Cán bộ tiêm chủng', en: 'Immunization officer' },
  'department-analyst': { vi: 'Chuyên viên Sở Y tế', en: 'Department analyst' },
  resident: { vi: 'Người dân', en: 'Resident' },
};

/**
 * The widest SMART scopes a role may hold: people get only requested scopes
 * within it, and a client system cannot be registered with more. The
 * access policy (auth/policy.ts) narrows further by facility, care
 * relationship, consent and de-identification.
 */
export const ROLE_SCOPES: Record<Role, string> = {
  administrator: 'user/*.cruds system/*.cruds',
  'facility-system': 'system/*.cruds',
  clinician: 'user/*.cruds',
  laboratory:
    'user/Patient.rs user/ServiceRequest.rs user/Specimen.cruds user/Observation.cruds user/DiagnosticReport.cruds',
  pharmacy: 'user/MedicationRequest.rs user/Medication.rs user/MedicationDispense.cruds',
  'surveillance-officer': 'user/*.rs',
  'immunization-officer': 'user/Patient.rs user/Immunization.cruds user/ImmunizationRecommendation.cruds',
  'department-analyst': 'user/*.rs',
  resident: 'patient/*.rs patient/Consent.cruds',
};
