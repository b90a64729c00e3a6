import { cccdProblem, isValidBhytNumber } from '@lienthong/core';
import { type CheckContext, type PlacedRow, placeOf } from './context.js';
import { birthDateIso, instant } from './dates.js';

const SEX_OF: Readonly<Record<string, string>> = { '1': 'male', '2': 'female' };

/** cccdProblem's reasons (core, in English) in Vietnamese, for the message. */
function inVietnamese(why: string): string {
  let m: RegExpExecArray | null;
  if (why.startsWith('a CCCD has exactly 12 digits')) return 'CCCD gồm đúng 12 chữ số';
  if ((m = /^(\d+) is not a province code/.exec(why))) return `${m[1]} không phải mã tỉnh`;
  if ((m = /^century digit (\d) is not in use/.exec(why))) return `chữ số thế kỷ ${m[1]} không được dùng`;
  if ((m = /^digits 4–6 \((\d+)\) do not encode the birth year (\d+)/.exec(why)))
    return `chữ số 4–6 (${m[1]}) không khớp năm sinh ${m[2]}`;
  if ((m = /^digit 4 \((\d)\) says (\w+), the record says (\w+)/.exec(why)))
    return `chữ số 4 (${m[1]}) chỉ giới tính ${m[2] === 'female' ? 'nữ' : 'nam'}, hồ sơ ghi ${m[3] === 'female' ? 'nữ' : 'nam'}`;
  return why;
}

/**
 * SO_CCCD, when it is digits (the field may also hold a passport number,
 * which is left alone): its structure first, then whether it agrees with
 * NGAY_SINH and GIOI_TINH (vn-standards.md §2).
 */
export function checkCccd(ctx: CheckContext, at: PlacedRow): void {
  const cccd = ctx.usable(at, 'SO_CCCD');
  if (cccd === undefined || !/^\d+$/.test(cccd)) return;
  const structural = cccdProblem(cccd);
  if (structural) {
    ctx.report('id.cccd', placeOf(at, 'SO_CCCD'), { why: structural, whyVi: inVietnamese(structural) });
    return;
  }
  const birth = ctx.usable(at, 'NGAY_SINH');
  const sex = SEX_OF[ctx.usable(at, 'GIOI_TINH') ?? ''];
  const mismatch = cccdProblem(cccd, birth ? birthDateIso(birth) : undefined, sex);
  if (mismatch)
    ctx.report('id.cccd-mismatch', placeOf(at, 'SO_CCCD'), { why: mismatch, whyVi: inVietnamese(mismatch) });
}

const CARD = /^[A-Z]{2}[1-5]\d{12}$/;
const split = (value: string | undefined): string[] => (value ? value.split(';').map((v) => v.trim()) : []);

/**
 * MA_THE_BHYT, one or several cards separated by ";", each 15 characters
 * (vn-standards.md §2); MA_DKBD, GT_THE_TU and GT_THE_DEN then hold one
 * value per card in the same order. The visit must fall within a card.
 */
export function checkCards(ctx: CheckContext, at: PlacedRow): void {
  const value = ctx.usable(at, 'MA_THE_BHYT');
  if (value === undefined) return;
  const cards = split(value);
  for (const card of cards) {
    if (!CARD.test(card)) ctx.report('id.bhyt', placeOf(at, 'MA_THE_BHYT'), { card });
    else if (!isValidBhytNumber(card)) ctx.report('id.bhyt-group', placeOf(at, 'MA_THE_BHYT'), { card });
  }
  let aligned = true;
  for (const field of ['MA_DKBD', 'GT_THE_TU', 'GT_THE_DEN']) {
    if (!at.layout.spec[field]) continue;
    const values = split(ctx.usable(at, field));
    if (values.length > 0 && values.length !== cards.length) {
      ctx.report('id.card-lists', placeOf(at, field), { count: values.length, cards: cards.length });
      aligned = false;
    }
  }
  if (!aligned) return;
  const from = split(ctx.usable(at, 'GT_THE_TU'));
  const to = split(ctx.usable(at, 'GT_THE_DEN'));
  if (from.length === 0 || to.length === 0) return;
  let ordered = true;
  from.forEach((start, i) => {
    if (start > to[i]!) {
      ctx.report('date.card-order', placeOf(at, 'GT_THE_TU'), { card: i + 1, otherValue: to[i] });
      ordered = false;
    }
  });
  const admitted = ctx.usable(at, 'NGAY_VAO');
  if (!ordered || admitted === undefined) return;
  const day = instant(admitted).slice(0, 8);
  if (!from.some((start, i) => start <= day && day <= to[i]!)) {
    ctx.report('date.card-validity', placeOf(at, 'NGAY_VAO'));
  }
}
