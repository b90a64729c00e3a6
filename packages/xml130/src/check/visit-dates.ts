import { type CheckContext, type PlacedRow, placeOf } from './context.js';
import { earliestBirth, readable } from './dates.js';

/**
 * The order of a visit's times (130/QĐ-BYT): admitted (NGAY_VAO), admitted
 * as inpatient (NGAY_VAO_NOI_TRU), discharged (NGAY_RA), paid (NGAY_TTOAN);
 * born before all of it; and every order, result and note of XML2–XML5
 * within the visit. Returns whether the visit's period is sound, so the
 * row rules only run against a period that makes sense.
 */
export function checkVisitPeriod(ctx: CheckContext, summary: PlacedRow): { from: string; to: string } | undefined {
  const from = ctx.usable(summary, 'NGAY_VAO');
  const to = ctx.usable(summary, 'NGAY_RA');
  const birth = ctx.usable(summary, 'NGAY_SINH');
  if (birth !== undefined && from !== undefined && earliestBirth(birth) > from) {
    ctx.report('date.birth-after-visit', placeOf(summary, 'NGAY_SINH'), { otherValue: from });
  }
  if (from === undefined || to === undefined) return undefined;
  if (to < from) {
    ctx.report('date.visit-order', placeOf(summary, 'NGAY_RA'), { before: 'yes', other: 'NGAY_VAO', otherValue: from });
    return undefined;
  }
  const inpatient = ctx.usable(summary, 'NGAY_VAO_NOI_TRU');
  if (inpatient !== undefined && (inpatient < from || inpatient > to)) {
    const before = inpatient < from;
    ctx.report('date.visit-order', placeOf(summary, 'NGAY_VAO_NOI_TRU'), {
      before: before ? 'yes' : undefined,
      other: before ? 'NGAY_VAO' : 'NGAY_RA',
      otherValue: before ? from : to,
    });
  }
  const paid = ctx.usable(summary, 'NGAY_TTOAN');
  if (paid !== undefined && paid < to) ctx.report('date.payment', placeOf(summary, 'NGAY_TTOAN'), { otherValue: to });
  return { from, to };
}

/** The times of one row of XML2–XML5 against the visit's period and its own order time. */
export function checkRowTimes(ctx: CheckContext, at: PlacedRow, period: { from: string; to: string }): void {
  const span = { from: readable(period.from), to: readable(period.to) };
  const outside = (v: string): boolean => v < period.from || v > period.to;
  const table = at.layout.name;
  if (table === 'XML2' || table === 'XML3') {
    const ordered = ctx.usable(at, 'NGAY_YL');
    for (const field of ['NGAY_YL', 'NGAY_TH_YL']) {
      const value = ctx.usable(at, field);
      if (value !== undefined && outside(value)) ctx.report('date.order-outside-visit', placeOf(at, field), span);
    }
    for (const field of table === 'XML3' ? ['NGAY_TH_YL', 'NGAY_KQ'] : ['NGAY_TH_YL']) {
      const value = ctx.usable(at, field);
      if (value !== undefined && ordered !== undefined && value < ordered) {
        ctx.report('date.done-before-ordered', placeOf(at, field), { otherValue: ordered });
      }
    }
  }
  if (table === 'XML3' || table === 'XML4') {
    const result = ctx.usable(at, 'NGAY_KQ');
    if (result !== undefined && outside(result)) ctx.report('date.result-outside-visit', placeOf(at, 'NGAY_KQ'), span);
  }
  if (table === 'XML5') {
    const noted = ctx.usable(at, 'THOI_DIEM_DBLS');
    if (noted !== undefined && outside(noted))
      ctx.report('date.course-outside-visit', placeOf(at, 'THOI_DIEM_DBLS'), span);
  }
}
