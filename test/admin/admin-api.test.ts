import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { files, envelope, goodVisit } from '../../packages/xml130/src/test-fixtures.js';
import { visitAndAmendedWithoutDrugLine } from '../support/amended-visit.js';
import { clientToken, userToken } from '../support/oauth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startSignIn } from '../support/oauth.js';

/*
 * The administration API over HTTP with authorization on: only an
 * administrator's token gets in; an account made there can sign in; a
 * rotated secret retires the old one; a disabled client gets no token and
 * its token stops working; an XML 130 file with a good and a bad visit
 * shows up on the data-feed board with the bad visit's error, and an
 * amended file that drops a drug line with the resource it removed.
 */

const PASSWORD = 'mật khẩu quản trị 2026';
let app: TestApp;
let adminToken: string;
let clinicianToken: string;

interface Json {
  [key: string]: unknown;
}

async function api(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(`${app.url}/api/admin${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json, text, headers: res.headers };
}

async function tokenWithSecret(clientId: string, secret: string): Promise<Response> {
  return fetch(`${app.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic ' + Buffer.from(`${clientId}:${secret}`).toString('base64'),
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/Patient.rs' }),
  });
}

async function auditSubtypes(): Promise<string[]> {
  const { rows } = await app.db.query<{ content: string }>('SELECT content FROM audit_event ORDER BY seq');
  return rows.map((r) => (JSON.parse(r.content) as { subtype: { code: string }[] }).subtype[0]!.code);
}

/** Signs in with a temporary password, chooses `own` on the page that asks for it, returns the token. */
async function firstSignIn(username: string, temporary: string, own: string, scope = 'user/Patient.rs') {
  const flow = await startSignIn(app, scope);
  const page = await flow.login(username, temporary);
  assert.match(page.html, /Đặt mật khẩu mới/, `${username} is asked for a new password`);
  await flow.changePassword(own);
  return flow.token();
}

describe('administration API', () => {
  before(async () => {
    app = await startTestApp({ listen: true, auth: true });
    for (const [id, code, name] of [
      ['cs-75001', '75001', 'Bệnh viện Đa khoa Đồng Nai'],
      ['cs-75002', '75002', 'Trạm y tế xã Phước Tân'],
    ]) {
      await app.services.store.write({
        resourceType: 'Organization',
        id,
        method: 'PUT',
        resource: {
          resourceType: 'Organization',
          id,
          active: true,
          identifier: [{ system: 'http://fhir.lienthong.vn/sid/ma-cskcb', value: code }],
          name,
        },
      });
    }
    await app.users.create({ username: 'quantri', displayName: 'Quản trị', role: 'administrator', password: PASSWORD });
    await app.users.create({
      username: 'bacsi',
      displayName: 'BS. Lan',
      role: 'clinician',
      password: PASSWORD,
      organizationId: 'cs-75001',
    });
    adminToken = await userToken(app, 'quantri', PASSWORD, 'user/*.cruds');
    clinicianToken = await userToken(app, 'bacsi', PASSWORD, 'user/*.cruds');
  });
  after(async () => {
    await app?.close();
  });

  test('no token → 401, a clinician → 403 (audited), both as JSON errors', async () => {
    const anonymous = await api('GET', '/users', undefined);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error, 'unauthorized');
    assert.match(anonymous.headers.get('content-type') ?? '', /^application\/json/);
    const clinician = await api('GET', '/users', clinicianToken);
    assert.equal(clinician.status, 403, clinician.text);
    assert.equal(clinician.body.error, 'forbidden');
    const created = await api('POST', '/users', clinicianToken, {
      username: 'x.y',
      displayName: 'X',
      role: 'administrator',
    });
    assert.equal(created.status, 403);
    assert.equal(await app.users.byUsername('x.y'), undefined, 'nothing was created');
    const { rows } = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE outcome = '4' AND content LIKE '%admin-api%'`,
    );
    assert.equal(rows[0]!.n, 2);
  });

  test('an administrator creates a user who can then sign in; the list never shows a hash', async () => {
    const created = await api('POST', '/users', adminToken, {
      username: 'ktv.hung',
      displayName: 'KTV Trần Văn Hùng',
      role: 'laboratory',
      organizationId: 'cs-75001',
    });
    assert.equal(created.status, 201, created.text);
    const password = created.body.temporaryPassword as string;
    assert.ok(password.length >= 20);
    const user = created.body.user as Json;
    assert.equal(user.role, 'laboratory');
    assert.equal(user.organizationName, 'Bệnh viện Đa khoa Đồng Nai');
    assert.equal(user.mustChangePassword, true);
    await assert.rejects(userToken(app, 'ktv.hung', password, 'user/Patient.rs'), 'no token on the temporary password');
    const own = 'ống nghiệm xanh 2026';
    assert.ok(await firstSignIn('ktv.hung', password, own), 'the new account signs in after choosing a password');
    assert.ok(await userToken(app, 'ktv.hung', own, 'user/Patient.rs'), 'and then with its own password');

    const list = await api('GET', '/users?q=hung', adminToken);
    assert.equal(list.status, 200);
    assert.deepEqual(
      (list.body.users as Json[]).map((u) => u.username),
      ['ktv.hung'],
    );
    assert.doesNotMatch(JSON.stringify(list.body), /argon|password_hash|passwordHash/);
    assert.ok((await auditSubtypes()).includes('user-create'));
  });

  test('bad input is refused with a JSON error naming the field, and changes nothing', async () => {
    const noFacility = await api('POST', '/users', adminToken, {
      username: 'bs.x',
      displayName: 'X',
      role: 'clinician',
    });
    assert.equal(noFacility.status, 400);
    assert.deepEqual([noFacility.body.error, noFacility.body.field], ['invalid', 'organizationId']);
    const unknownOrg = await api('POST', '/users', adminToken, {
      username: 'bs.x',
      displayName: 'X',
      role: 'clinician',
      organizationId: 'khong-co',
    });
    assert.equal(unknownOrg.status, 400);
    const typo = await api('POST', '/users', adminToken, {
      username: 'bs.x',
      displayName: 'X',
      role: 'clinician',
      organisationId: 'cs-75001',
    });
    assert.equal(typo.status, 400);
    assert.match(typo.body.message as string, /organisationId/);
    const taken = await api('POST', '/users', adminToken, {
      username: 'bacsi',
      displayName: 'X',
      role: 'clinician',
      organizationId: 'cs-75001',
    });
    assert.equal(taken.status, 409);
    const notJson = await fetch(`${app.url}/api/admin/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: '{"username":',
    });
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as Json).error, 'invalid');
    assert.equal(await app.users.byUsername('bs.x'), undefined);
  });

  test('role and facility change, password reset, disable: the person feels each at once', async () => {
    const moved = await api('PATCH', '/users/bacsi', adminToken, { organizationId: 'cs-75002' });
    assert.equal(moved.status, 200, moved.text);
    assert.equal((moved.body as Json).organizationId, 'cs-75002');
    // Tokens issued for the old facility end.
    const old = await fetch(`${app.fhirUrl}/Patient`, { headers: { authorization: `Bearer ${clinicianToken}` } });
    assert.equal(old.status, 401);

    const reset = await api('POST', '/users/bacsi/reset-password', adminToken);
    assert.equal(reset.status, 200);
    const temporary = reset.body.temporaryPassword as string;
    assert.equal((reset.body.user as Json).mustChangePassword, true);
    await assert.rejects(userToken(app, 'bacsi', PASSWORD, 'user/*.cruds'), 'the old password no longer works');
    const fresh = 'sổ khám bệnh mới 2026';
    const token = (await firstSignIn('bacsi', temporary, fresh, 'user/*.cruds'))!;
    assert.equal((await api('GET', '/users?q=bacsi', adminToken)).body.users instanceof Array, true);

    const disabled = await api('POST', '/users/bacsi/disable', adminToken);
    assert.equal(disabled.status, 200);
    assert.equal(disabled.body.disabled, true);
    assert.equal(
      (await fetch(`${app.fhirUrl}/Patient`, { headers: { authorization: `Bearer ${token}` } })).status,
      401,
    );
    await assert.rejects(userToken(app, 'bacsi', fresh, 'user/*.cruds'));
    const self = await api('POST', '/users/quantri/disable', adminToken);
    assert.equal(self.status, 409, 'an administrator cannot disable their own account');
    assert.equal((await api('POST', '/users/bacsi/enable', adminToken)).body.disabled, false);
  });

  test('a temporary password must be replaced at first sign-in: same, mismatched or short ones are refused', async () => {
    const created = await api('POST', '/users', adminToken, {
      username: 'dd.mai',
      displayName: 'ĐD. Mai',
      role: 'clinician',
      organizationId: 'cs-75002',
    });
    const temporary = created.body.temporaryPassword as string;
    const flow = await startSignIn(app);
    const asked = await flow.login('dd.mai', temporary);
    assert.equal(asked.status, 200);
    assert.match(asked.html, /Đặt mật khẩu mới/);
    assert.match(asked.html, /Choose a new password/);
    assert.doesNotMatch(asked.html, new RegExp(temporary), 'the temporary password is not echoed back');
    const same = await flow.changePassword(temporary);
    assert.equal(same.status, 400);
    assert.match(same.html, /phải khác mật khẩu tạm thời/);
    const mismatch = await flow.changePassword('một mật khẩu rất dài', 'một mật khẩu khác hẳn');
    assert.match(mismatch.html, /không khớp/);
    const short = await flow.changePassword('ngan123');
    assert.match(short.html, /chưa đạt yêu cầu/);
    assert.match(short.html, /does not meet the rules/);
    // Still the temporary password, still no token.
    assert.equal((await app.users.byUsername('dd.mai'))!.mustChangePassword, true);
    assert.equal(await flow.token(), undefined);
    const done = await flow.changePassword('vườn hoa Biên Hòa 2026');
    assert.equal(done.status, 303, done.html);
    const token = await flow.token();
    assert.ok(token, 'the token is issued once the password is changed');
    assert.equal(
      (await fetch(`${app.fhirUrl}/Patient`, { headers: { authorization: `Bearer ${token}` } })).status,
      200,
    );
    const listed = (await api('GET', '/users?q=dd.mai', adminToken)).body.users as Json[];
    assert.equal(listed[0]!.mustChangePassword, false);
    await assert.rejects(userToken(app, 'dd.mai', temporary, 'user/Patient.rs'), 'the temporary password is gone');
    // The change step cannot be reached without first passing the temporary password.
    const skip = await startSignIn(app);
    const form = await skip.skipToPasswordStep('vườn hoa Biên Hòa 2027');
    assert.equal(form.status, 400);
    assert.match(form.html, /hết hạn/);
    const subtypes = await auditSubtypes();
    assert.ok(subtypes.includes('password-change'));
  });

  test('the web app client cannot be disabled or given credentials; the last administrator stays', async () => {
    for (const [method, path, body] of [
      ['POST', '/clients/lienthong-web/disable', undefined],
      ['POST', '/clients/lienthong-web/rotate-secret', undefined],
      ['PUT', '/clients/lienthong-web/keys', { jwks: { keys: [] } }],
    ] as const) {
      const res = await api(method, path, adminToken, body);
      assert.equal(res.status, 409, `${method} ${path}: ${res.text}`);
      assert.equal(res.body.error, 'conflict');
      assert.match(res.body.message as string, /lienthong-web/);
    }
    const web = (await api('GET', '/clients?q=lienthong-web', adminToken)).body.clients as Json[];
    assert.equal(web[0]!.disabled, false);

    const demote = await api('PATCH', '/users/quantri', adminToken, { role: 'department-analyst' });
    assert.equal(demote.status, 409, demote.text);
    assert.match(demote.body.message as string, /last active administrator/);
    assert.equal((await app.users.byUsername('quantri'))!.role, 'administrator');
    // With a second administrator, one of the two may go — but not both.
    await api('POST', '/users', adminToken, { username: 'quantri.hai', displayName: 'QT 2', role: 'administrator' });
    assert.equal((await api('POST', '/users/quantri.hai/disable', adminToken)).status, 200);
    assert.equal(
      (await api('PATCH', '/users/quantri', adminToken, { role: 'clinician', organizationId: 'cs-75001' })).status,
      409,
    );
    assert.equal((await api('POST', '/users/quantri.hai/enable', adminToken)).status, 200);
    const other = await api('PATCH', '/users/quantri.hai', adminToken, { role: 'department-analyst' });
    assert.equal(other.status, 200, other.text);
    assert.equal(other.body.role, 'department-analyst');
  });

  test('rotating a client secret: the old secret fails at /oauth2/token, the new one works', async () => {
    const registered = await api('POST', '/clients', adminToken, {
      clientId: 'his-75001',
      name: 'HIS Bệnh viện Đa khoa Đồng Nai',
      role: 'facility-system',
      organizationId: 'cs-75001',
      authMethod: 'client_secret_basic',
    });
    assert.equal(registered.status, 201, registered.text);
    const first = registered.body.secret as string;
    assert.ok(first.length >= 32);
    assert.equal((await tokenWithSecret('his-75001', first)).status, 200);
    // Listed without its secret.
    const list = await api('GET', '/clients?q=75001', adminToken);
    assert.ok(!list.text.includes(first));
    assert.doesNotMatch(list.text, /salt/);

    const rotated = await api('POST', '/clients/his-75001/rotate-secret', adminToken);
    assert.equal(rotated.status, 200, rotated.text);
    const second = rotated.body.secret as string;
    assert.notEqual(second, first);
    assert.equal((await tokenWithSecret('his-75001', first)).status, 401);
    assert.equal((await tokenWithSecret('his-75001', second)).status, 200);
    const subtypes = await auditSubtypes();
    assert.ok(subtypes.includes('client-register') && subtypes.includes('client-rotate-secret'));
    // The audit trail never holds a secret.
    const { rows } = await app.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_event WHERE content LIKE $1 OR content LIKE $2',
      [`%${first}%`, `%${second}%`],
    );
    assert.equal(rows[0]!.n, 0);
  });

  test('a private key pasted as the JWKS is refused', async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const secretKey = { ...(await exportJWK(privateKey)), kid: 'k1' };
    const refused = await api('POST', '/clients', adminToken, {
      name: 'LIS',
      role: 'facility-system',
      organizationId: 'cs-75002',
      authMethod: 'private_key_jwt',
      jwks: { keys: [secretKey] },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.field, 'jwks');
    const ok = await api('POST', '/clients', adminToken, {
      clientId: 'lis-75002',
      name: 'LIS',
      role: 'facility-system',
      organizationId: 'cs-75002',
      authMethod: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] },
    });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.secret, undefined);
    assert.deepEqual((ok.body.client as Json).keyIds, ['k1']);
    const replaced = await api('PUT', '/clients/lis-75002/keys', adminToken, {
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k2' }] },
    });
    assert.deepEqual(replaced.body.keyIds, ['k2']);
  });

  test('disabling a client: no new token, and its current token is refused', async () => {
    const { secret } = (
      await api('POST', '/clients', adminToken, {
        clientId: 'pharm-x',
        name: 'Nhà thuốc X',
        role: 'facility-system',
        organizationId: 'cs-75002',
        authMethod: 'client_secret_basic',
      })
    ).body as { secret: string };
    const token = await clientToken(app, 'pharm-x', secret, 'system/Patient.rs');
    assert.equal(
      (await fetch(`${app.fhirUrl}/Patient`, { headers: { authorization: `Bearer ${token}` } })).status,
      200,
    );
    const disabled = await api('POST', '/clients/pharm-x/disable', adminToken);
    assert.equal(disabled.body.disabled, true);
    assert.equal(
      (await fetch(`${app.fhirUrl}/Patient`, { headers: { authorization: `Bearer ${token}` } })).status,
      401,
    );
    assert.equal((await tokenWithSecret('pharm-x', secret)).status, 401);
    await api('POST', '/clients/pharm-x/enable', adminToken);
    assert.equal((await tokenWithSecret('pharm-x', secret)).status, 200);
  });

  test('the feed board: a good and a bad visit of an XML 130 import, the error named', async () => {
    const before = await api('GET', '/feeds', adminToken);
    assert.equal(before.status, 200, before.text);
    const silent = (before.body.facilities as Json[]).find((f) => f.organizationId === 'cs-75001');
    assert.ok(silent, 'a facility with a system client is on the board before it sends anything');
    assert.equal(silent.status, 'silent');

    const good = goodVisit();
    const bad = { XML1: { ...good.XML1, MA_LK: 'LK-BAD-0002', NGAY_VAO: '2025-13-45' } };
    const xml = envelope([files(good), files(bad)]);
    const { secret } = (await api('POST', '/clients/his-75001/rotate-secret', adminToken)).body as { secret: string };
    const his = await clientToken(app, 'his-75001', secret, 'system/*.cruds');
    const imported = await fetch(`${app.fhirUrl}/Bundle/$import-xml130`, {
      method: 'POST',
      headers: { authorization: `Bearer ${his}`, 'content-type': 'application/xml' },
      body: xml,
    });
    assert.equal(imported.status, 200, await imported.clone().text());

    const board = await api('GET', '/feeds?q=da khoa dong nai', adminToken);
    assert.equal(board.status, 200);
    const row = (board.body.facilities as Json[]).find((f) => f.organizationId === 'cs-75001')!;
    assert.ok(row, board.text);
    assert.equal(row.code, '75001');
    assert.equal(row.received, 2);
    assert.equal(row.imported, 1);
    assert.equal(row.failed, 1);
    assert.equal(row.status, 'errors');
    assert.equal(row.removed, 0, 'a first import removes nothing');
    assert.ok(row.lastSubmission);
    const [latest] = row.latestErrors as { maLk: string; problems: { field?: string; message: { vi: string } }[] }[];
    assert.equal(latest!.maLk, 'LK-BAD-0002');
    assert.ok(
      latest!.problems.some((p) => /NGAY_VAO/.test(`${p.field} ${p.message.vi}`)),
      JSON.stringify(latest),
    );

    const errorsOnly = await api('GET', '/feeds?status=errors', adminToken);
    assert.deepEqual(
      (errorsOnly.body.facilities as Json[]).map((f) => f.organizationId),
      ['cs-75001'],
    );
    assert.equal((await api('GET', '/feeds?status=nonsense', adminToken)).status, 400);
  });

  test('the feed board: an amended XML 130 file without a drug line counts the resource it removed', async () => {
    const { original, amended } = visitAndAmendedWithoutDrugLine('LK-AMEND-0003');
    const { secret } = (await api('POST', '/clients/his-75001/rotate-secret', adminToken)).body as { secret: string };
    const his = await clientToken(app, 'his-75001', secret, 'system/*.cruds');
    const removedOnBoard = async () => {
      const board = await api('GET', '/feeds?organization=cs-75001', adminToken);
      return (board.body.facilities as Json[]).find((f) => f.organizationId === 'cs-75001')!.removed;
    };
    const before = await removedOnBoard();
    for (const [xml, removed] of [
      [original, 0],
      [amended, 1],
    ] as const) {
      const res = await fetch(`${app.fhirUrl}/Bundle/$import-xml130`, {
        method: 'POST',
        headers: { authorization: `Bearer ${his}`, 'content-type': 'application/xml' },
        body: xml,
      });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(await removedOnBoard(), Number(before) + removed);
    }
    const { rows } = await app.db.query<{ ma_lk: string; outcome: string; removed: number }>(
      `SELECT ma_lk, outcome, removed FROM feed_log WHERE ma_lk = 'LK-AMEND-0003' ORDER BY id`,
    );
    assert.deepEqual(
      rows.map((r) => [r.outcome, Number(r.removed)]),
      [
        ['imported', 0],
        ['imported', 1],
      ],
    );
  });

  test('an Encounter a facility system creates through the FHIR API counts as a visit received', async () => {
    const { secret } = (await api('POST', '/clients/pharm-x/rotate-secret', adminToken)).body as { secret: string };
    const token = await clientToken(app, 'pharm-x', secret, 'system/*.cruds');
    const res = await fetch(`${app.fhirUrl}/Encounter`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' } }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const board = await api('GET', '/feeds?organization=cs-75002', adminToken);
    const row = (board.body.facilities as Json[]).find((f) => f.organizationId === 'cs-75002')!;
    assert.equal(row.received, 1);
    assert.equal(row.removed, 0);
    assert.equal(row.status, 'ok');
  });

  test('an unknown admin path is a JSON 404', async () => {
    const res = await api('GET', '/nothing-here', adminToken);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, 'not-found');
  });
});
