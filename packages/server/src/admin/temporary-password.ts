import { randomInt } from 'node:crypto';

// No 0/O, 1/l/I: people read it off a screen.
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALL = LETTERS + DIGITS;

/**
 * A password made for a person by an administrator (new account, reset),
 * shown to the administrator once to hand over. Four groups of five letters
 * and digits (about 110 bits): easy to read aloud or copy, and it always
 * passes the password policy (long, letters and digits, not the username).
 */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 20 }, () => ALL[randomInt(ALL.length)]!);
  chars[randomInt(5)] = DIGITS[randomInt(DIGITS.length)]!;
  chars[5 + randomInt(5)] = LETTERS[randomInt(LETTERS.length)]!;
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
