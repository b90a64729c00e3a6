import { badRequest, parseDateRange } from '@lienthong/core';
import { MAX_COUNT } from './search/request.js';

/** `_count` (0 to MAX_COUNT), or throws 400. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > MAX_COUNT) throw badRequest(`_count must be 0 to ${MAX_COUNT}`, '_count');
  return Number(value);
}

/** `_offset`, or throws 400. */
export function parseOffset(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw badRequest('_offset must be a whole number', '_offset');
  return Number(value);
}

/**
 * `_since` as the first instant it covers. A value without a zone is Vietnam
 * time (ADR 0007); an unencoded "+07:00" arrives as " 07:00" (form decoding),
 * so the plus sign is put back.
 */
export function parseSince(value: string): string {
  const instant = value.replace(/(T[\d:.]+) (\d\d:\d\d)$/, '$1+$2');
  const range = parseDateRange(instant);
  if (!range || !instant.includes('T')) {
    throw badRequest('_since must be an instant, e.g. 2024-05-01T00:00:00+07:00', '_since');
  }
  return range.low;
}
