/**
 * A Vietnamese phone number in its national form (0 + 9 digits): "+84 912
 * 345 678", "84912345678" and "0912.345.678" are one number. Anything that
 * is not a plausible number gives undefined, so it never agrees with anything.
 */
export function normalisePhone(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let digits = value.replace(/[^\d+]/g, '');
  if (digits.startsWith('+84')) digits = '0' + digits.slice(3);
  else if (digits.startsWith('84') && digits.length === 11) digits = '0' + digits.slice(2);
  return /^0\d{9}$/.test(digits) ? digits : undefined;
}
