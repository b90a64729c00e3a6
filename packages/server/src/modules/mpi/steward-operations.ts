import type { Parameters } from '@medplum/fhirtypes';
import { badRequest, forbidden } from '@lienthong/core';
import type { FhirRequest, FhirServices, Operation } from '../../fhir/context.js';
import { eventStore } from './events.js';
import { eventParameters, params, patientRef, reviewParameter, text } from './parameters.js';
import type { ReviewStatus } from './reviews.js';
import type { MpiService } from './service.js';

const DEF = 'http://fhir.lienthong.vn/OperationDefinition/';
const STATUSES: readonly ReviewStatus[] = ['open', 'linked', 'not-same', 'withdrawn'];

/**
 * A data steward's operation on Patient: merging, splitting and undoing
 * identities is a steward's job (an administrator's, for now). POST ones
 * read a Parameters body; each answers with a Parameters resource.
 */
function stewardOperation(
  name: string,
  method: 'GET' | 'POST',
  level: Operation['level'],
  answer: (req: FhirRequest, services: FhirServices, id?: string) => Promise<Parameters>,
): Operation {
  return {
    type: 'Patient',
    name,
    level,
    method,
    definition: `${DEF}mpi-${name.replace(/^\$(mpi-)?/, '')}`,
    async run(services, _scope, req, id) {
      if (req.caller.role !== 'administrator') throw forbidden(`Only a data steward (administrator) may run ${name}`);
      return { status: 200, headers: {}, body: await answer(req, services, id) };
    },
  };
}

export function stewardOperations(mpi: MpiService): Operation[] {
  return [
    stewardOperation('$link', 'POST', 'type', async (req) => {
      const list = params(req, '$link');
      const patient = patientRef(list, 'patient', '$link');
      const other = patientRef(list, 'other', '$link');
      return eventParameters(await mpi.link(patient, other, req.caller, text(list, 'reason')));
    }),
    stewardOperation('$unlink', 'POST', 'type', async (req) => {
      const list = params(req, '$unlink');
      return eventParameters(
        await mpi.unlink(patientRef(list, 'patient', '$unlink'), req.caller, text(list, 'reason')),
      );
    }),
    stewardOperation('$merge', 'POST', 'type', async (req) => {
      const list = params(req, '$merge');
      const source = patientRef(list, 'source', '$merge');
      const target = patientRef(list, 'target', '$merge');
      return eventParameters(await mpi.merge(source, target, req.caller, text(list, 'reason')));
    }),
    stewardOperation('$mpi-undo', 'POST', 'type', async (req) => {
      const list = params(req, '$mpi-undo');
      const id = text(list, 'event');
      if (!id) throw badRequest('$mpi-undo needs the "event" to undo', 'Parameters.parameter[event]');
      return eventParameters(await mpi.undo(id, req.caller, text(list, 'reason')));
    }),
    stewardOperation('$mpi-history', 'GET', 'instance', async (_req, services, id) => {
      const events = await eventStore.ofPatient(services.db, id!);
      return {
        resourceType: 'Parameters',
        parameter: events.map((e) => ({ name: 'event', part: eventParameters(e).parameter ?? [] })),
      };
    }),
    stewardOperation('$mpi-reviews', 'GET', 'type', async (req) => {
      const query = new Map(req.query);
      const status = (query.get('status') ?? 'open') as ReviewStatus;
      if (!STATUSES.includes(status)) throw badRequest(`status is one of ${STATUSES.join(', ')}`, 'status');
      const count = Number(query.get('_count') ?? 20);
      const offset = Number(query.get('_offset') ?? 0);
      if (!Number.isInteger(count) || count < 1 || count > 200) throw badRequest('_count is 1 to 200', '_count');
      if (!Number.isInteger(offset) || offset < 0) throw badRequest('_offset is a whole number', '_offset');
      const { total, items } = await mpi.reviews(status, count, offset);
      return {
        resourceType: 'Parameters',
        parameter: [{ name: 'total', valueInteger: total }, ...items.map(reviewParameter)],
      };
    }),
    stewardOperation('$mpi-decide', 'POST', 'type', async (req) => {
      const list = params(req, '$mpi-decide');
      const review = text(list, 'review');
      const decision = text(list, 'decision');
      if (!review) throw badRequest('$mpi-decide needs the "review" id', 'Parameters.parameter[review]');
      if (decision !== 'link' && decision !== 'not-same') {
        throw badRequest('decision is "link" (same person) or "not-same"', 'Parameters.parameter[decision]');
      }
      const event = await mpi.decide(review, decision, req.caller, text(list, 'reason'));
      return event
        ? eventParameters(event)
        : { resourceType: 'Parameters', parameter: [{ name: 'decision', valueCode: decision }] };
    }),
  ];
}
