/**
 * Day arithmetic for life histories. Days are counted as integers since
 * 1970-01-01 so that drawing dates is cheap; they turn back into the
 * `yyyy-mm-dd` dates and `+07:00` date-times of the model only at the end.
 * Nothing here reads the clock.
 */

import { dayNumber, fromDayNumber } from '../ymd.js';

const MS_PER_DAY = 86_400_000;

/** Day number of a `yyyy-mm-dd` date (days since 1970-01-01). */
export const dayOf = dayNumber;

/** The `yyyy-mm-dd` date of a day number. */
export const dateOf = fromDayNumber;

/** An ISO date-time in Vietnam time, `2026-03-14T08:30:00+07:00`. */
export function dateTimeOf(day: number, minuteOfDay: number): string {
  const minutes = Math.max(0, Math.min(24 * 60 - 1, Math.round(minuteOfDay)));
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${dateOf(day)}T${hh}:${mm}:00+07:00`;
}

/** Day number of the date part of a date-time or date. */
export function dayOfDateTime(value: string): number {
  return dayOf(value.slice(0, 10));
}

/** Month of a day number, 0 = January. */
export function monthOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCMonth();
}

/** Year and month as one counter (year × 12 + month), for monthly cycles. */
export function monthIndexOf(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** First day of a month counter. */
export function firstDayOfMonthIndex(monthIndex: number): number {
  return Math.round(Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (day + 4) % 7; // 1970-01-01 was a Thursday
}

/** The Monday on or before a day. */
export function mondayOf(day: number): number {
  return day - ((weekdayOf(day) + 6) % 7);
}

/** Whole years of age on a day. */
export function ageOn(birthDate: string, day: number): number {
  const date = dateOf(day);
  let age = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (date.slice(5) < birthDate.slice(5, 10)) age--;
  return age;
}

/** Adds months to a day, keeping the day of month where it exists. */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0)).getUTCDate();
  return Math.round(target / MS_PER_DAY) + Math.min(d.getUTCDate(), lastDay) - 1;
}
