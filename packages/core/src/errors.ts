/**
 * The one error type of the system: an HTTP status plus a FHIR OperationOutcome.
 * Every failure the client should see is thrown as a FhirError; anything else
 * becomes a logged 500 with no internals in the reply (see docs/api/errors.md).
 */
export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

/** The subset of FHIR issue-type codes we emit (http://hl7.org/fhir/valueset-issue-type.html). */
export type IssueCode =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'security'
  | 'login'
  | 'forbidden'
  | 'processing'
  | 'not-supported'
  | 'duplicate'
  | 'multiple-matches'
  | 'not-found'
  | 'deleted'
  | 'too-long'
  | 'code-invalid'
  | 'conflict'
  | 'exception'
  | 'too-costly'
  | 'business-rule'
  | 'informational';

export interface Issue {
  severity: IssueSeverity;
  code: IssueCode;
  details?: { text: string };
  diagnostics?: string;
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  id?: string;
  issue: Issue[];
}

export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
  ) {
    super(outcome.issue.map((i) => i.details?.text ?? i.code).join('; '));
    this.name = 'FhirError';
  }
}

export function outcome(issues: Issue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

export function issue(severity: IssueSeverity, code: IssueCode, text: string, expression?: string): Issue {
  return { severity, code, details: { text }, ...(expression ? { expression: [expression] } : {}) };
}

function fail(status: number, code: IssueCode, text: string, expression?: string): FhirError {
  return new FhirError(status, outcome([issue('error', code, text, expression)]));
}

export const badRequest = (text: string, expression?: string): FhirError => fail(400, 'invalid', text, expression);
export const notSupported = (text: string, expression?: string): FhirError =>
  fail(400, 'not-supported', text, expression);
export const notFound = (text: string): FhirError => fail(404, 'not-found', text);
export const gone = (text: string): FhirError => fail(410, 'deleted', text);
export const conflict = (text: string): FhirError => fail(409, 'conflict', text);
export const preconditionFailed = (text: string): FhirError => fail(412, 'conflict', text);
export const unprocessable = (issues: Issue[]): FhirError => new FhirError(422, outcome(issues));
export const multipleMatches = (text: string): FhirError => fail(412, 'multiple-matches', text);
export const unauthorized = (text: string): FhirError => fail(401, 'login', text);
export const forbidden = (text: string): FhirError => fail(403, 'forbidden', text);
export const methodNotAllowed = (text: string): FhirError => fail(405, 'not-supported', text);
export const tooLarge = (text: string): FhirError => fail(413, 'too-long', text);
export const unsupportedMediaType = (text: string): FhirError => fail(415, 'not-supported', text);
export const notAcceptable = (text: string): FhirError => fail(406, 'not-supported', text);

/** A success outcome, e.g. for DELETE or `Prefer: return=OperationOutcome`. */
export function informational(text: string): OperationOutcome {
  return outcome([issue('information', 'informational', text)]);
}
