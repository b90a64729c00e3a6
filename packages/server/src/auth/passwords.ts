import { hash, verify, Algorithm } from '@node-rs/argon2';

/**
 * Passwords are hashed with argon2id (OWASP's first choice). The policy is
 * length-based, as NIST SP 800-63B advises: at least 12 characters, not all
 * one character class, and not the username.
 */
export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export function verifyPassword(hashed: string, password: string): Promise<boolean> {
  return verify(hashed, password).catch(() => false);
}

/** Returns what is wrong with a new password, or an empty list. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`at least ${MIN_PASSWORD_LENGTH} characters (mật khẩu tối thiểu ${MIN_PASSWORD_LENGTH} ký tự)`);
  }
  if (/^(.)\1*$/.test(password)) problems.push('not one repeated character');
  if (/^\d+$/.test(password)) problems.push('not digits only');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('must not contain the username');
  return problems;
}
