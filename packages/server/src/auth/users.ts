import { randomUUID } from 'node:crypto';
import type { PractitionerRole } from '@medplum/fhirtypes';
import { badRequest, conflict } from '@lienthong/core';
import type { Db, Queryable } from '../storage/types.js';
import type { ResourceStore } from '../fhir/store.js';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';
import { ROLE_LABELS, isRole, type Role } from './roles.js';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  organizationId?: string;
  practitionerId?: string;
  patientId?: string;
  disabled: boolean;
  demo: boolean;
  /** Signed in with a temporary password: must choose their own before any token is issued. */
  mustChangePassword: boolean;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: string;
  password: string;
  organizationId?: string;
  patientId?: string;
  demo?: boolean;
  /** The password is a temporary one an administrator hands over: the person replaces it at first sign-in. */
  temporary?: boolean;
}

export type LoginResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked' | 'disabled' | 'demo' };

/** After this many failed sign-ins in a row the account locks for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
const STAFF_ROLES = new Set<Role>([
  'administrator',
  'clinician',
  'laboratory',
  'pharmacy',
  'surveillance-officer',
  'immunization-officer',
  'department-analyst',
]);
// Verified when the username is unknown, so both paths take the same time.
let dummyHash: Promise<string> | undefined;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  organization_id: string | null;
  practitioner_id: string | null;
  patient_id: string | null;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: boolean;
  demo: boolean;
  must_change_password: boolean;
}

function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    ...(r.organization_id ? { organizationId: r.organization_id } : {}),
    ...(r.practitioner_id ? { practitionerId: r.practitioner_id } : {}),
    ...(r.patient_id ? { patientId: r.patient_id } : {}),
    disabled: r.disabled,
    demo: r.demo,
    mustChangePassword: r.must_change_password,
  };
}

/**
 * People who sign in. Staff appear in FHIR as a Practitioner with a
 * PractitionerRole at their facility, written through the one write path in
 * the same transaction as the account.
 */
export class UserStore {
  constructor(
    private readonly db: Db,
    private readonly store: ResourceStore,
    private readonly options: { allowDemo: boolean },
  ) {}

  async create(input: NewUser): Promise<User> {
    if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(input.username)) {
      throw badRequest('username: 3–64 characters of a-z, 0-9, dot, dash or underscore', 'username');
    }
    if (!isRole(input.role)) throw badRequest(`role "${input.role}" is not one of the roles`, 'role');
    const problems = passwordProblems(input.password, input.username);
    if (problems.length) throw badRequest(`password: ${problems.join('; ')}`, 'password');
    if (input.role === 'resident' && !input.patientId)
      throw badRequest('a resident account needs the Patient it belongs to');
    const passwordHash = await hashPassword(input.password);
    const role = input.role;
    return this.db.transaction(async (tx) => {
      const existing = await tx.query('SELECT 1 FROM app_user WHERE username = $1', [input.username]);
      if (existing.rows.length) throw conflict(`The username "${input.username}" is taken`);
      const practitionerId = STAFF_ROLES.has(role) ? await this.writePractitioner(tx, input, role) : undefined;
      const id = randomUUID();
      await tx.query(
        `INSERT INTO app_user (id, username, display_name, role, organization_id, practitioner_id, patient_id, password_hash, demo,
                               must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          id,
          input.username,
          input.displayName,
          role,
          input.organizationId ?? null,
          practitionerId ?? null,
          input.patientId ?? null,
          passwordHash,
          input.demo ?? false,
          input.temporary ?? false,
        ],
      );
      return (await this.byId(id, tx))!;
    });
  }

  private async writePractitioner(tx: Queryable, input: NewUser, role: Role): Promise<string> {
    const practitioner = await this.store.write(
      {
        resourceType: 'Practitioner',
        method: 'POST',
        resource: { resourceType: 'Practitioner', active: true, name: [{ text: input.displayName }] },
      },
      tx,
    );
    const pr: PractitionerRole = {
      resourceType: 'PractitionerRole',
      active: true,
      practitioner: { reference: `Practitioner/${practitioner.resource.id}` },
      ...(input.organizationId ? { organization: { reference: `Organization/${input.organizationId}` } } : {}),
      code: [
        {
          coding: [{ system: 'http://fhir.lienthong.vn/CodeSystem/role', code: role, display: ROLE_LABELS[role].vi }],
          text: ROLE_LABELS[role].en,
        },
      ],
    };
    await this.store.write({ resourceType: 'PractitionerRole', method: 'POST', resource: pr }, tx);
    return practitioner.resource.id!;
  }

  async byId(id: string, tx: Queryable = this.db): Promise<User | undefined> {
    const { rows } = await tx.query<UserRow>('SELECT * FROM app_user WHERE id = $1', [id]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async byUsername(username: string): Promise<User | undefined> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM app_user WHERE username = $1', [username]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async list(): Promise<User[]> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM app_user ORDER BY username');
    return rows.map(toUser);
  }

  /** Checks a sign-in, counting failures and locking the account after MAX_FAILED_LOGINS. */
  async login(username: string, password: string): Promise<LoginResult> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM app_user WHERE username = $1', [username]);
    const row = rows[0];
    if (!row) {
      await verifyPassword(await (dummyHash ??= hashPassword('unknown-user-placeholder')), password);
      return { ok: false, reason: 'invalid' };
    }
    if (row.locked_until && Date.parse(row.locked_until) > Date.now()) return { ok: false, reason: 'locked' };
    if (row.disabled) return { ok: false, reason: 'disabled' };
    if (row.demo && !this.options.allowDemo) return { ok: false, reason: 'demo' };
    if (!(await verifyPassword(row.password_hash, password))) {
      await this.db.query(
        // After a lock has run out the count starts again from zero.
        `UPDATE app_user SET
           failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END) >= $2
                               THEN now() + make_interval(mins => $3) END
         WHERE id = $1`,
        [row.id, MAX_FAILED_LOGINS, LOCK_MINUTES],
      );
      const attempts = row.locked_until && Date.parse(row.locked_until) <= Date.now() ? 1 : row.failed_logins + 1;
      return { ok: false, reason: attempts >= MAX_FAILED_LOGINS ? 'locked' : 'invalid' };
    }
    await this.db.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1', [row.id]);
    return { ok: true, user: toUser(row) };
  }

  /** Sets a password (an operator's, or with `temporary` one the person must replace at their next sign-in). */
  async setPassword(username: string, password: string, options: { temporary?: boolean } = {}): Promise<void> {
    const problems = passwordProblems(password, username);
    if (problems.length) throw badRequest(`password: ${problems.join('; ')}`, 'password');
    const { rows } = await this.db.query<{ id: string }>(
      `UPDATE app_user SET password_hash = $2, password_set_at = now(), failed_logins = 0, locked_until = NULL,
              must_change_password = $3
        WHERE username = $1 RETURNING id`,
      [username, await hashPassword(password), options.temporary ?? false],
    );
    if (!rows.length) throw badRequest(`No user "${username}"`);
  }

  /**
   * The person's own new password in place of a temporary one, at sign-in
   * (after the temporary password was checked): the policy's problems, or
   * "same" when it is the temporary password again; nothing once it is set.
   */
  async replaceTemporaryPassword(
    userId: string,
    password: string,
  ): Promise<{ ok: true } | { ok: false; reason: 'policy'; problems: string[] } | { ok: false; reason: 'same' }> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM app_user WHERE id = $1', [userId]);
    const row = rows[0];
    if (!row) return { ok: false, reason: 'policy', problems: ['no such account'] };
    const problems = passwordProblems(password, row.username);
    if (problems.length) return { ok: false, reason: 'policy', problems };
    if (await verifyPassword(row.password_hash, password)) return { ok: false, reason: 'same' };
    await this.db.query(
      `UPDATE app_user SET password_hash = $2, password_set_at = now(), must_change_password = false WHERE id = $1`,
      [userId, await hashPassword(password)],
    );
    return { ok: true };
  }

  async setDisabled(username: string, disabled: boolean): Promise<void> {
    const { rows } = await this.db.query<{ id: string }>(
      'UPDATE app_user SET disabled = $2 WHERE username = $1 RETURNING id',
      [username, disabled],
    );
    if (!rows.length) throw badRequest(`No user "${username}"`);
  }
}
