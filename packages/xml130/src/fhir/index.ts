export { visitBundle, visitResources } from './visit-bundle.js';
export { xml130Id, rowId } from './ids.js';
export { patientFullUrl } from './context.js';
export { parseVitalSigns, type VitalSign } from './vital-signs.js';
export { vietnameseName } from './patient.js';
export { fhirBirthDate, fhirDate, fhirDateTime, fieldsOf } from './values.js';
export { visitTablesFromFhir, exportXml130 } from './export/export-visit.js';
export { xml130Origin, tagOrigin } from './origin.js';
export { PROCEDURE_GROUPS } from './procedure.js';
