import type { PractitionerRole } from '@medplum/fhirtypes';
import { passwordProblems } from '../auth/passwords.js';
import { ROLE_LABELS, isRole, type Role } from '../auth/roles.js';
import type { UserStore } from '../auth/users.js';
import type { ResourceStore } from '../fhir/store.js';
import type { Db, Queryable } from '../storage/types.js';
import { auditAdmin, by, userEntity, type AdminContext } from './admin-audit.js';
import { conflictWith, invalid, notFound } from './errors.js';
import { checkOrganization, organizationNames } from './organizations.js';
import { temporaryPassword } from './temporary-password.js';

/** An account as the administration API shows it: never its password hash. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: { vi: string; en: string };
  organizationId?: string;
  organizationName?: string;
  practitionerId?: string;
  patientId?: string;
  disabled: boolean;
  /** Locked after too many failed sign-ins, until lockedUntil. */
  locked: boolean;
  lockedUntil?: string;
  demo: boolean;
  createdAt: string;
  passwordSetAt: string;
  /** Still on a temporary password: the person must choose their own at their next sign-in. */
  mustChangePassword: boolean;
}

interface Row {
  id: string;
  username: string;
  display_name: string;
  role: string;
  organization_id: string | null;
  practitioner_id: string | null;
  patient_id: string | null;
  locked_until: Date | string | null;
  disabled: boolean;
  demo: boolean;
  created_at: Date | string;
  password_set_at: Date | string;
  must_change_password: boolean;
}

// Every column but the password hash, which never leaves the auth module.
const COLUMNS = `id, username, display_name, role, organization_id, practitioner_id, patient_id,
  locked_until, disabled, demo, created_at, password_set_at, must_change_password`;
/** Roles whose people work at one facility: their account must name it. */
const FACILITY_ROLES = new Set<Role>(['clinician', 'laboratory', 'pharmacy']);
const iso = (v: Date | string): string => new Date(v).toISOString();

/**
 * What an administrator does with accounts (docs/operations/administration.md).
 * Creating an account and resetting a password make a temporary password,
 * returned once; every change is audited in its own transaction.
 */
export class UserAdmin {
  constructor(
    private readonly db: Db,
    private readonly users: UserStore,
    private readonly store: ResourceStore,
    /** Ends the person's tokens at once when their account is disabled or changed. */
    private readonly revokeTokens: (accountId: string) => Promise<void>,
  ) {}

  async list(filter: {
    q?: string;
    role?: string;
    limit: number;
    offset: number;
  }): Promise<{ total: number; users: UserView[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.q) {
      params.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(username ILIKE $${params.length} OR display_name ILIKE $${params.length})`);
    }
    if (filter.role) {
      if (!isRole(filter.role)) throw invalid(`role "${filter.role}" is not one of the roles`, 'role');
      params.push(filter.role);
      where.push(`role = $${params.length}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { rows: count } = await this.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM app_user ${clause}`,
      params,
    );
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM app_user ${clause} ORDER BY username LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      params,
    );
    return { total: Number(count[0]?.n ?? 0), users: await this.views(rows) };
  }

  async get(username: string, db: Queryable = this.db): Promise<UserView> {
    const row = await this.row(username, db);
    return (await this.views([row], db))[0]!;
  }

  async create(
    ctx: AdminContext,
    input: { username: string; displayName: string; role: string; organizationId?: string; patientId?: string },
  ): Promise<{ user: UserView; temporaryPassword: string }> {
    if (!isRole(input.role)) throw invalid(`role "${input.role}" is not one of the roles`, 'role');
    if (input.role === 'facility-system')
      throw invalid('A facility system is a client system, not a person: register a client', 'role');
    if (FACILITY_ROLES.has(input.role) && !input.organizationId)
      throw invalid(
        `A ${input.role} account needs the facility (organizationId) the person works at`,
        'organizationId',
      );
    await checkOrganization(this.db, input.organizationId);
    if (input.patientId) {
      const { rows } = await this.db.query(
        `SELECT 1 FROM resource WHERE resource_type = 'Patient' AND id = $1 AND NOT deleted`,
        [input.patientId],
      );
      if (!rows.length) throw invalid(`No Patient "${input.patientId}"`, 'patientId');
    }
    const password = passwordFor(input.username);
    const user = await this.users.create({ ...input, password, temporary: true });
    await auditAdmin(this.db, {
      ...by(ctx),
      action: 'C',
      subtype: 'user-create',
      entities: [userEntity(user.username), ...(user.practitionerId ? [`Practitioner/${user.practitionerId}`] : [])],
      detail: `role ${user.role}${user.organizationId ? `, Organization/${user.organizationId}` : ''}`,
    });
    return { user: await this.get(user.username), temporaryPassword: password };
  }

  /** New display name, role or facility; the person's PractitionerRole follows. */
  async update(
    ctx: AdminContext,
    username: string,
    change: { displayName?: string; role?: string; organizationId?: string | null },
  ): Promise<UserView> {
    const changed = await this.db.transaction(async (tx) => {
      const before = await this.row(username, tx);
      const role = change.role ?? before.role;
      if (!isRole(role)) throw invalid(`role "${role}" is not one of the roles`, 'role');
      if (before.role === 'administrator' && role !== 'administrator' && !before.disabled)
        await keepAnAdministrator(tx, before.id);
      if (role === 'facility-system') throw invalid('A person cannot have the facility-system role', 'role');
      if ((role === 'resident') !== (before.role === 'resident'))
        throw invalid('A resident account stays a resident account (and a staff account a staff account)', 'role');
      if (isSelf(ctx, before.id) && role !== 'administrator')
        throw conflictWith('You cannot take the administrator role from your own account');
      const organizationId = change.organizationId === undefined ? before.organization_id : change.organizationId;
      if (FACILITY_ROLES.has(role) && !organizationId)
        throw invalid(`A ${role} account needs the facility (organizationId) the person works at`, 'organizationId');
      if (organizationId !== before.organization_id) await checkOrganization(tx, organizationId ?? undefined);
      const displayName = change.displayName ?? before.display_name;
      await tx.query('UPDATE app_user SET display_name = $2, role = $3, organization_id = $4 WHERE id = $1', [
        before.id,
        displayName,
        role,
        organizationId,
      ]);
      if (before.practitioner_id) await this.updatePractitionerRole(tx, before.practitioner_id, role, organizationId);
      const what = [
        displayName !== before.display_name ? 'display name' : '',
        role !== before.role ? `role ${before.role} → ${role}` : '',
        organizationId !== before.organization_id
          ? `facility ${before.organization_id ?? '—'} → ${organizationId ?? '—'}`
          : '',
      ].filter(Boolean);
      await auditAdmin(tx, {
        ...by(ctx),
        action: 'U',
        subtype: 'user-update',
        entities: [userEntity(username)],
        detail: what.join('; ') || 'no change',
      });
      return { id: before.id, access: role !== before.role || organizationId !== before.organization_id };
    });
    // What the person may see changed: tokens issued for the old role or facility end now.
    if (changed.access) await this.revokeTokens(changed.id);
    return this.get(username);
  }

  async setDisabled(ctx: AdminContext, username: string, disabled: boolean): Promise<UserView> {
    const row = await this.row(username);
    if (disabled && isSelf(ctx, row.id)) throw conflictWith('You cannot disable your own account');
    await this.db.transaction(async (tx) => {
      if (disabled && row.role === 'administrator') await keepAnAdministrator(tx, row.id);
      await tx.query('UPDATE app_user SET disabled = $2 WHERE id = $1', [row.id, disabled]);
      await auditAdmin(tx, {
        ...by(ctx),
        action: 'U',
        subtype: disabled ? 'user-disable' : 'user-enable',
        entities: [userEntity(username)],
      });
    });
    if (disabled) await this.revokeTokens(row.id);
    return this.get(username);
  }

  /** A new temporary password; also lifts a lock after failed sign-ins. */
  async resetPassword(ctx: AdminContext, username: string): Promise<{ user: UserView; temporaryPassword: string }> {
    const row = await this.row(username);
    const password = passwordFor(username);
    await this.users.setPassword(username, password, { temporary: true });
    await auditAdmin(this.db, {
      ...by(ctx),
      action: 'U',
      subtype: 'user-password-reset',
      entities: [userEntity(username)],
    });
    await this.revokeTokens(row.id);
    return { user: await this.get(username), temporaryPassword: password };
  }

  async unlock(ctx: AdminContext, username: string): Promise<UserView> {
    const row = await this.row(username);
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1', [row.id]);
      await auditAdmin(tx, { ...by(ctx), action: 'U', subtype: 'user-unlock', entities: [userEntity(username)] });
    });
    return this.get(username);
  }

  private async row(username: string, db: Queryable = this.db): Promise<Row> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM app_user WHERE username = $1`, [username]);
    if (!rows[0]) throw notFound(`No user "${username}"`);
    return rows[0];
  }

  private async views(rows: Row[], db: Queryable = this.db): Promise<UserView[]> {
    const names = await organizationNames(
      db,
      rows.map((r) => r.organization_id ?? ''),
    );
    const now = Date.now();
    return rows.map((r) => {
      const role = r.role as Role;
      const lockedUntil = r.locked_until ? iso(r.locked_until) : undefined;
      const locked = !!lockedUntil && Date.parse(lockedUntil) > now;
      return {
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        role,
        roleLabel: ROLE_LABELS[role] ?? { vi: r.role, en: r.role },
        ...(r.organization_id ? { organizationId: r.organization_id } : {}),
        ...(r.organization_id && names.has(r.organization_id)
          ? { organizationName: names.get(r.organization_id)! }
          : {}),
        ...(r.practitioner_id ? { practitionerId: r.practitioner_id } : {}),
        ...(r.patient_id ? { patientId: r.patient_id } : {}),
        disabled: r.disabled,
        locked,
        ...(locked ? { lockedUntil } : {}),
        demo: r.demo,
        createdAt: iso(r.created_at),
        passwordSetAt: iso(r.password_set_at),
        mustChangePassword: r.must_change_password,
      };
    });
  }

  /** The staff member's PractitionerRole (written with the account) gets the new role and facility. */
  private async updatePractitionerRole(
    tx: Queryable,
    practitionerId: string,
    role: Role,
    org: string | null,
  ): Promise<void> {
    const { rows } = await tx.query<{ id: string; content: string }>(
      `SELECT id, content FROM resource
        WHERE resource_type = 'PractitionerRole' AND NOT deleted
          AND content::jsonb->'practitioner'->>'reference' = $1`,
      [`Practitioner/${practitionerId}`],
    );
    for (const row of rows) {
      const current = JSON.parse(row.content) as PractitionerRole;
      const { organization: _old, ...rest } = current;
      const next: PractitionerRole = {
        ...rest,
        ...(org ? { organization: { reference: `Organization/${org}` } } : {}),
        code: [
          {
            coding: [{ system: 'http://fhir.lienthong.vn/CodeSystem/role', code: role, display: ROLE_LABELS[role].vi }],
            text: ROLE_LABELS[role].en,
          },
        ],
      };
      await this.store.write({ resourceType: 'PractitionerRole', id: row.id, method: 'PUT', resource: next }, tx);
    }
  }
}

/** A temporary password the policy accepts for this username (it never contains it). */
function passwordFor(username: string): string {
  for (;;) {
    const password = temporaryPassword();
    if (passwordProblems(password, username).length === 0) return password;
  }
}

/**
 * Refuses (409) to disable or demote `userId` when it is the last active
 * administrator: nobody could then manage accounts from the web app (only an
 * operator with the CLI on the server). The active administrators' rows are
 * locked, so two administrators demoting each other at once cannot both win.
 */
async function keepAnAdministrator(tx: Queryable, userId: string): Promise<void> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM app_user WHERE role = 'administrator' AND NOT disabled ORDER BY id FOR UPDATE`,
  );
  if (rows.every((r) => r.id === userId))
    throw conflictWith(
      'Đây là quản trị viên cuối cùng còn hoạt động: hãy tạo hoặc bật một quản trị viên khác trước. · This is the last active administrator: create or enable another administrator first.',
    );
}

/** Whether the account is the administrator's own: they may not lock themselves out. */
function isSelf(ctx: AdminContext, userId: string): boolean {
  return ctx.caller.kind === 'user' && ctx.caller.id === userId;
}
