import { conflict } from '@lienthong/core';
import type { Caller } from '../../auth/caller.js';
import { recordAudit } from '../../audit/audit-log.js';
import type { Queryable } from '../../storage/types.js';
import { eventStore, type MembershipEvent } from './events.js';
import { reviewStore, type Review } from './reviews.js';
import { mpiStore, type Membership } from './store.js';

/*
 * A steward's "not the same person" moves no record, but it changes what the
 * index will do (the pair is never proposed or linked again). It is logged as
 * an event like every other decision, so `$mpi-undo` can take it back: the
 * pair becomes two possible matches again and returns to the review queue.
 * Its `before` and `after` are the pair's memberships, which it leaves as they are.
 */

async function membershipsOf(tx: Queryable, ids: readonly string[]): Promise<Membership[]> {
  const out: Membership[] = [];
  for (const patientId of ids) {
    const r = await mpiStore.record(tx, patientId);
    if (!r) throw conflict(`Patient/${patientId} is no longer in the master patient index (deleted since)`);
    out.push({ patientId, personId: r.personId, linkKind: r.linkKind });
  }
  return out;
}

async function logged(
  tx: Queryable,
  kind: 'review-not-same' | 'review-reopen',
  caller: Caller,
  reason: string | undefined,
  pair: Membership[],
): Promise<MembershipEvent> {
  const id = await eventStore.log(tx, {
    kind,
    actor: caller.id,
    ...(reason ? { reason } : {}),
    before: pair,
    after: pair,
  });
  const patientIds = [...new Set(pair.flatMap((m) => [m.patientId, m.personId]))];
  await recordAudit(tx, {
    action: 'E',
    subtype: kind === 'review-not-same' ? 'mpi-review-not-same' : 'mpi-undo',
    outcome: '0',
    caller,
    entities: pair.map((m) => `Patient/${m.patientId}`),
    patientIds,
    detail: `master patient index ${kind} (event ${id})${reason ? `: ${reason}` : ''}`,
  });
  return (await eventStore.get(tx, id))!;
}

/** Records that the two records of a review are different people, as an undoable event. */
export async function decideNotSame(
  tx: Queryable,
  review: Review,
  caller: Caller,
  reason: string | undefined,
): Promise<MembershipEvent> {
  const pair = await membershipsOf(tx, [review.patientId, review.candidateId]);
  await mpiStore.setDistinct(tx, review.patientId, [review.candidateId], true);
  return logged(tx, 'review-not-same', caller, reason, pair);
}

/** Takes back a "not the same person": the pair may be matched again and waits in the queue. */
export async function undoNotSame(
  tx: Queryable,
  event: MembershipEvent,
  caller: Caller,
  reason: string | undefined,
): Promise<MembershipEvent> {
  const [a, b] = event.before.map((m) => m.patientId);
  if (!a || !b) throw conflict(`Event ${event.id} names no pair of records`);
  const pair = await membershipsOf(tx, [a, b]);
  if (pair[0]!.personId === pair[1]!.personId) {
    throw conflict('The two records have been linked since: there is nothing to take back');
  }
  await mpiStore.setDistinct(tx, a, [b], false);
  if (!(await reviewStore.reopen(tx, a, b))) {
    throw conflict('The pair is already waiting in the review queue');
  }
  const done = await logged(tx, 'review-reopen', caller, reason ?? `undo of ${event.id}`, pair);
  await eventStore.markUndone(tx, event.id, done.id);
  return done;
}
