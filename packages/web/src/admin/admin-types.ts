/** What the administration API answers (packages/server/src/admin), as the screens use it. */

export const ROLES = [
  'administrator',
  'clinician',
  'laboratory',
  'pharmacy',
  'surveillance-officer',
  'immunization-officer',
  'department-analyst',
  'resident',
  'facility-system',
] as const;

export interface Label {
  vi: string;
  en: string;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: string;
  roleLabel: Label;
  organizationId?: string;
  organizationName?: string;
  disabled: boolean;
  locked: boolean;
  lockedUntil?: string;
  demo: boolean;
  createdAt: string;
  /** Still on a temporary password, to be replaced at the next sign-in. */
  mustChangePassword: boolean;
}

export interface ClientView {
  clientId: string;
  name: string;
  role: string;
  roleLabel: Label;
  organizationId?: string;
  organizationName?: string;
  authMethod: 'client_secret_basic' | 'private_key_jwt' | 'none';
  scope: string;
  keyIds: string[];
  disabled: boolean;
  demo: boolean;
  createdAt: string;
  rotatedAt?: string;
}

export interface FeedProblem {
  rule: string;
  table?: string;
  row?: number;
  field?: string;
  message: Label;
}

export interface FeedFacility {
  key: string;
  organizationId?: string;
  code?: string;
  name?: string;
  type?: string;
  clients: { clientId: string; disabled: boolean }[];
  lastSubmission?: string;
  received: number;
  imported: number;
  unchanged: number;
  failed: number;
  /** Resources deleted because amended XML 130 files dropped their rows. */
  removed: number;
  status: 'ok' | 'errors' | 'silent';
  latestErrors: { maLk: string; receivedAt: string; source: string; problems: FeedProblem[] }[];
}

export interface FeedBoard {
  windowDays: number;
  generatedAt: string;
  summary: { facilities: number; silent: number; withErrors: number; received: number; failed: number };
  total: number;
  facilities: FeedFacility[];
}
