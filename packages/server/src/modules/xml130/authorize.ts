import { forbidden } from '@lienthong/core';
import { SID } from '@lienthong/core';
import type { Caller } from '../../auth/caller.js';
import type { Queryable } from '../../storage/db.js';
import { xml130Store } from './store.js';

/**
 * Who may import a facility's XML 130 files: the facility's own system
 * (role facility-system, whose Organization is the facility of MA_CSKCB)
 * and administrators. Anyone else is refused with 403.
 */
export async function checkImporter(db: Queryable, caller: Caller, facilityCode: string): Promise<void> {
  if (caller.role === 'administrator') return;
  if (caller.role !== 'facility-system') {
    throw forbidden('Only a facility system (for its own files) or an administrator imports XML 130 files');
  }
  const org = caller.organizationId;
  if (!org) throw forbidden('This client belongs to no facility, so it cannot import XML 130 files');
  if (org === `cs-${facilityCode}`) return;
  const [stored] = (await xml130Store.currentContents(db, [['Organization', org]])).values();
  const codes = ((stored as { identifier?: { system?: string; value?: string }[] } | undefined)?.identifier ?? [])
    .filter((i) => i.system === SID.maCskcb)
    .map((i) => i.value);
  if (!codes.includes(facilityCode)) {
    throw forbidden(
      `This file is from facility ${facilityCode}; a facility system imports only its own facility's files`,
    );
  }
}
