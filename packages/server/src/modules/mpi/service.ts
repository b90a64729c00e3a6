import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { badRequest, blockingKeys, conflict, notFound, type Thresholds } from '@lienthong/core';
import type { Caller } from '../../auth/caller.js';
import { recordAudit } from '../../audit/audit-log.js';
import type { ResourceStore } from '../../fhir/store.js';
import type { Db, Queryable } from '../../storage/db.js';
import { dedupPass, type DedupSummary } from './dedup.js';
import { eventStore, type EventKind, type MembershipEvent } from './events.js';
import { recordFeatures } from './features.js';
import { judgePersons, matchPersons, type PersonMatch } from './matcher.js';
import { decideNotSame, undoNotSame } from './not-same.js';
import { syncGoldens } from './persons.js';
import { reviewStore, type Review } from './reviews.js';
import { mpiStore, type LinkKind, type Membership } from './store.js';

/** The lock key that matching one record takes (two jobs of one Patient take turns). */
const recordLockKey = (patientId: string): string => `mpi-record:${patientId}`;

/** How many other persons one record may be queued for review against. */
const MAX_REVIEWS_PER_RECORD = 3;

/**
 * The master patient index: matches every Patient written (from the change
 * events of the one write path), keeps each person's golden record, and
 * carries out data stewards' decisions — each logged so it can be undone.
 */
export class MpiService {
  constructor(
    private readonly db: Db,
    private readonly store: ResourceStore,
    readonly thresholds: Thresholds,
  ) {}

  private lockRecords(tx: Queryable, ids: Iterable<string>): Promise<void> {
    return this.store.lockAll(tx, [...ids].map(recordLockKey));
  }

  /** Re-matches one Patient after it was created, changed or deleted (idempotent). */
  async patientChanged(patientId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      // The lock and the read in one round trip: the change that queued this
      // job committed before it was queued, so the read sees it (or a later one).
      const { rows } = await tx.query<{ content: string | null }>(
        `SELECT (SELECT content FROM resource WHERE resource_type = 'Patient' AND id = $2 AND NOT deleted) AS content
           FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS locked`,
        [recordLockKey(patientId), patientId],
        'lt_mpi_patient_1',
      );
      const content = rows[0]?.content;
      if (content) await this.place(tx, JSON.parse(content) as Patient);
      else await this.forget(tx, patientId);
    });
  }

  private async forget(tx: Queryable, patientId: string): Promise<void> {
    const existing = await mpiStore.record(tx, patientId);
    if (!existing) return;
    await mpiStore.remove(tx, patientId);
    await reviewStore.withdraw(tx, patientId);
    await syncGoldens(this.store, tx, [existing.personId]);
  }

  /**
   * Places a record: it stays where a steward put it; otherwise it joins the
   * best person it links to (staying in its own if that still links), or is
   * a person of its own. Persons it only possibly matches are queued.
   */
  private async place(tx: Queryable, patient: Patient): Promise<void> {
    const patientId = patient.id!;
    const { features, warnings } = recordFeatures(patient);
    const keys = blockingKeys(features);
    // Two records that could match each other share a key: locking the keys
    // makes their matching take turns, so neither misses the other.
    await this.store.lockAll(
      tx,
      keys.map((k) => `mpi-key:${k}`),
    );
    const { record: existing, distinct, candidates } = await mpiStore.surroundings(tx, patientId, keys);
    const matches = judgePersons(features, candidates, this.thresholds, distinct);
    const ownPerson = existing?.personId;
    const ownMates = ownPerson ? (await mpiStore.members(tx, ownPerson)).filter((m) => m.patientId !== patientId) : [];

    let personId: string;
    let linkKind: LinkKind;
    if (existing?.linkKind === 'steward') {
      [personId, linkKind] = [existing.personId, 'steward'];
    } else if (ownMates.length > 0 && matches.some((m) => m.personId === ownPerson && m.outcome === 'link')) {
      [personId, linkKind] = [ownPerson!, 'auto'];
    } else {
      const link = matches.find((m) => m.outcome === 'link' && m.personId !== ownPerson);
      if (link) [personId, linkKind] = [link.personId, 'auto'];
      else [personId, linkKind] = [ownMates.length === 0 && ownPerson ? ownPerson : randomUUID(), 'new'];
    }
    // A person of its own, new: nobody else knows its id yet.
    const minted = linkKind === 'new' && personId !== ownPerson;
    await mpiStore.save(tx, { patientId, personId, linkKind, features }, warnings, keys);

    const moved = ownPerson !== undefined && ownPerson !== personId;
    if (linkKind === 'auto' && personId !== ownPerson) {
      // Joining a person is undoable: back to where the record was, or (a new record) a person of its own.
      const before = { patientId, personId: ownPerson ?? randomUUID(), linkKind: existing?.linkKind ?? 'new' };
      await eventStore.log(tx, {
        kind: 'auto-link',
        actor: 'lienthong',
        before: [before],
        after: [{ patientId, personId, linkKind }],
      });
    } else if (moved) {
      await eventStore.log(tx, {
        kind: 'auto-unlink',
        actor: 'lienthong',
        reason: 'the record no longer matches the other records of its person',
        before: [{ patientId, personId: ownPerson, linkKind: existing!.linkKind }],
        after: [{ patientId, personId, linkKind }],
      });
    }
    await this.queueReviews(tx, patientId, personId, matches);
    const replaced = new Map<string, string>();
    if (moved && ownMates.length === 0) replaced.set(ownPerson, personId);
    await syncGoldens(
      this.store,
      tx,
      moved ? [personId, ownPerson] : [personId],
      replaced,
      minted ? personId : undefined,
    );
  }

  private async queueReviews(
    tx: Queryable,
    patientId: string,
    personId: string,
    matches: PersonMatch[],
  ): Promise<void> {
    const others = matches.filter((m) => m.personId !== personId && m.outcome !== 'new');
    for (const m of others.slice(0, MAX_REVIEWS_PER_RECORD)) {
      await reviewStore.open(tx, patientId, m.best.patientId, m.score);
    }
  }

  /**
   * Matches every stored Patient the index does not know yet (written while
   * matching was off, e.g. a bulk load with LIENTHONG_JOBS=false).
   */
  async indexMissing(onProgress?: (done: number) => void): Promise<number> {
    let done = 0;
    for (;;) {
      const { rows } = await this.db.query<{ id: string }>(
        `SELECT r.id FROM resource r
          WHERE r.resource_type = 'Patient' AND NOT r.deleted
            AND NOT EXISTS (SELECT 1 FROM mpi_record m WHERE m.patient_id = r.id)
          ORDER BY r.id LIMIT 500`,
      );
      for (const { id } of rows) await this.patientChanged(id);
      done += rows.length;
      onProgress?.(done);
      if (rows.length < 500) return done;
    }
  }

  /** A full de-duplication pass, then the golden records of the persons it changed, 100 per transaction. */
  async dedup(onProgress?: (stage: string, done: number) => void): Promise<DedupSummary> {
    const summary = await this.db.transaction((tx) => dedupPass(tx, this.thresholds, onProgress));
    const persons = summary.changedPersons;
    for (let k = 0; k < persons.length; k += 100) {
      await this.db.transaction((tx) => syncGoldens(this.store, tx, persons.slice(k, k + 100), summary.retired));
      onProgress?.('master records', Math.min(k + 100, persons.length));
    }
    return summary;
  }

  /** Persons a Patient (not yet stored, or stored) would match: for Patient/$match. */
  async match(patient: Patient): Promise<PersonMatch[]> {
    const { features } = recordFeatures(patient);
    const self = patient.id ? { patientId: patient.id, distinct: new Set<string>() } : undefined;
    return matchPersons(this.db, features, this.thresholds, self);
  }

  /** Every record of the person a record (or a golden Person id) belongs to. */
  async recordsOf(tx: Queryable, id: string): Promise<string[]> {
    const person = await mpiStore.personOf(tx, id);
    return person ? (await mpiStore.members(tx, person)).map((m) => m.patientId) : [];
  }

  // ── Data stewards ──

  private async requirePerson(tx: Queryable, id: string, what: string): Promise<string> {
    const person = await mpiStore.personOf(tx, id);
    if (!person) throw notFound(`${what}: Patient/${id} is not in the master patient index (yet)`);
    return person;
  }

  /** Moves records to other persons as one logged, undoable event; settles reviews; rebuilds golden records. */
  private async apply(
    tx: Queryable,
    kind: EventKind,
    caller: Caller,
    reason: string | undefined,
    after: Membership[],
  ): Promise<MembershipEvent> {
    const actor = caller.id;
    const before: Membership[] = [];
    for (const m of after) {
      const current = await mpiStore.record(tx, m.patientId);
      if (!current) throw notFound(`Patient/${m.patientId} is not in the master patient index`);
      before.push({ patientId: m.patientId, personId: current.personId, linkKind: current.linkKind });
    }
    await mpiStore.move(tx, after);
    const id = await eventStore.log(tx, { kind, actor, ...(reason ? { reason } : {}), before, after });
    // A person whose last record left points to where the records went.
    const replaced = new Map<string, string>();
    for (const b of before) {
      const left = (await mpiStore.members(tx, b.personId)).length === 0;
      const to = after.find((a) => a.patientId === b.patientId)!.personId;
      if (left && b.personId !== to) replaced.set(b.personId, to);
    }
    const persons = [...before.map((b) => b.personId), ...after.map((a) => a.personId)];
    await syncGoldens(this.store, tx, persons, replaced);
    const patientIds = [...new Set([...after.map((a) => a.patientId), ...persons])];
    await recordAudit(tx, {
      action: 'E',
      subtype: `mpi-${kind}`,
      outcome: '0',
      caller,
      entities: patientIds.map((p) => `Patient/${p}`),
      patientIds,
      detail: `master patient index ${kind} (event ${id})${reason ? `: ${reason}` : ''}`,
    });
    return (await eventStore.get(tx, id))!;
  }

  /** Puts record `patientId` into the person of `otherId` (a record or a golden record). */
  async link(patientId: string, otherId: string, caller: Caller, reason?: string): Promise<MembershipEvent> {
    return this.db.transaction(async (tx) => {
      await this.lockRecords(tx, [patientId, otherId]);
      await this.requirePerson(tx, patientId, 'patient');
      const target = await this.requirePerson(tx, otherId, 'other');
      const mates = (await mpiStore.members(tx, target)).map((m) => m.patientId);
      if (mates.includes(patientId)) throw badRequest(`Patient/${patientId} is already a record of this person`);
      await mpiStore.setDistinct(tx, patientId, mates, false);
      await reviewStore.settle(tx, [patientId], mates, 'linked', caller.id);
      return this.apply(tx, 'link', caller, reason, [{ patientId, personId: target, linkKind: 'steward' }]);
    });
  }

  /** Takes record `patientId` out of its person into a person of its own, never to be re-linked automatically. */
  async unlink(patientId: string, caller: Caller, reason?: string): Promise<MembershipEvent> {
    return this.db.transaction(async (tx) => {
      await this.lockRecords(tx, [patientId]);
      const person = await this.requirePerson(tx, patientId, 'patient');
      const mates = (await mpiStore.members(tx, person)).map((m) => m.patientId).filter((id) => id !== patientId);
      if (mates.length === 0) throw badRequest(`Patient/${patientId} is the only record of its person`);
      await mpiStore.setDistinct(tx, patientId, mates, true);
      return this.apply(tx, 'unlink', caller, reason, [{ patientId, personId: randomUUID(), linkKind: 'steward' }]);
    });
  }

  /** Every record of the person of `sourceId` joins the person of `targetId`. */
  async merge(sourceId: string, targetId: string, caller: Caller, reason?: string, kind: EventKind = 'merge') {
    return this.db.transaction(async (tx) => this.mergeIn(tx, sourceId, targetId, caller, reason, kind));
  }

  private async mergeIn(
    tx: Queryable,
    sourceId: string,
    targetId: string,
    caller: Caller,
    reason: string | undefined,
    kind: EventKind,
  ): Promise<MembershipEvent> {
    await this.lockRecords(tx, [sourceId, targetId]);
    const source = await this.requirePerson(tx, sourceId, 'source');
    const target = await this.requirePerson(tx, targetId, 'target');
    if (source === target) throw badRequest('source and target are already the same person');
    const moving = (await mpiStore.members(tx, source)).map((m) => m.patientId);
    const staying = (await mpiStore.members(tx, target)).map((m) => m.patientId);
    await this.lockRecords(tx, [...moving, ...staying]);
    for (const id of moving) await mpiStore.setDistinct(tx, id, staying, false);
    await reviewStore.settle(tx, moving, staying, 'linked', caller.id);
    return this.apply(
      tx,
      kind,
      caller,
      reason,
      moving.map((patientId) => ({ patientId, personId: target, linkKind: 'steward' as const })),
    );
  }

  /**
   * Reverses a membership event, provided nothing has moved those records
   * since (undo the later events first). The undo is itself an event, so it
   * can be undone in turn; the records are pinned where it puts them.
   */
  async undo(eventId: string, caller: Caller, reason?: string): Promise<MembershipEvent> {
    return this.db.transaction(async (tx) => {
      const event = await eventStore.get(tx, eventId);
      if (!event) throw notFound(`No master-patient-index event ${eventId}`);
      if (event.undoneBy) throw conflict(`Event ${eventId} was already undone by ${event.undoneBy}`);
      if (event.kind === 'review-not-same') return undoNotSame(tx, event, caller, reason);
      if (event.kind === 'review-reopen') {
        throw conflict('The pair is back in the review queue: decide it there again instead of undoing this');
      }
      await this.lockRecords(
        tx,
        event.after.map((m) => m.patientId),
      );
      for (const m of event.after) {
        const current = await mpiStore.record(tx, m.patientId);
        if (current?.personId !== m.personId) {
          throw conflict(`Patient/${m.patientId} has moved since event ${eventId}; undo the later events first`);
        }
      }
      const back = event.before.map((m) => ({ ...m, linkKind: 'steward' as const }));
      const done = await this.apply(tx, 'undo', caller, reason ?? `undo of ${eventId}`, back);
      await eventStore.markUndone(tx, eventId, done.id);
      // Records split apart by an undo are two people from now on.
      if (event.kind !== 'unlink' && event.kind !== 'auto-unlink' && event.kind !== 'undo') {
        for (const m of event.after) {
          const mates = (await mpiStore.members(tx, m.personId)).map((x) => x.patientId);
          await mpiStore.setDistinct(tx, m.patientId, mates, true);
        }
      }
      return done;
    });
  }

  async reviews(status: Review['status'], count: number, offset: number) {
    return reviewStore.list(this.db, status, count, offset);
  }

  /** A steward's answer to a queued pair: the same person (merge their persons) or not. */
  async decide(reviewId: string, decision: 'link' | 'not-same', caller: Caller, reason?: string) {
    return this.db.transaction(async (tx) => {
      const review = await reviewStore.get(tx, reviewId, true);
      if (!review) throw notFound(`No review ${reviewId}`);
      if (review.status !== 'open') throw conflict(`Review ${reviewId} was already decided (${review.status})`);
      await reviewStore.close(tx, reviewId, decision === 'link' ? 'linked' : 'not-same', caller.id, reason);
      if (decision === 'not-same') return decideNotSame(tx, review, caller, reason);
      const [a, b] = [await mpiStore.personOf(tx, review.patientId), await mpiStore.personOf(tx, review.candidateId)];
      if (!a || !b) throw conflict('One of the two records has been deleted since');
      if (a === b) return undefined;
      return this.mergeIn(tx, review.patientId, review.candidateId, caller, reason, 'review-link');
    });
  }
}
