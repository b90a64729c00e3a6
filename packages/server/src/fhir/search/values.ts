import { badRequest } from '@lienthong/core';

/**
 * Splits a search value on an unescaped separator (`,` between alternatives,
 * `|` in tokens, `$` in composites) and removes the escapes (FHIR R4 §3.1.1.4.14).
 */
export function splitEscaped(value: string, separator: ',' | '|' | '$'): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      current += value[++i];
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/**
 * Splits alternatives on unescaped commas but keeps every escape: a value such
 * as `urn:x|A\|B` must still know which bars are escaped when the token
 * condition splits it on `|` (each condition unescapes its own parts).
 */
export function splitAlternatives(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') {
      i++;
    } else if (value[i] === ',') {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** Splits on the first unescaped separator only, keeping escapes in the rest. */
export function splitFirst(value: string, separator: '|' | '$'): [string, string | undefined] {
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') {
      i++;
    } else if (value[i] === separator) {
      return [value.slice(0, i), value.slice(i + 1)];
    }
  }
  return [value, undefined];
}

export function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

export type Prefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';
const PREFIX = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)(?=[-+\d.])/;

export function splitPrefix(value: string): [Prefix, string] {
  const m = PREFIX.exec(value);
  return m ? [m[1] as Prefix, value.slice(2)] : ['eq', value];
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Beyond this exponent a search value is refused rather than sent to the database. */
const MAX_EXPONENT = 1000;

/**
 * A number with its implicit precision: "100" means [99.5, 100.5), "100.0"
 * means [99.95, 100.05) (FHIR R4 §3.1.1.4.2). Both are returned as decimal
 * literals, not JS numbers, so the database does the arithmetic exactly:
 * 0.3 - 0.05 is 0.25 in numeric, 0.24999999999999997 in floating point.
 */
export function parseNumber(text: string, expression: string): { value: string; halfWidth: string } {
  if (!NUMBER.test(text)) throw badRequest(`"${text}" is not a number`, expression);
  const [mantissa, exponent] = text.toLowerCase().split('e');
  const exp = Number(exponent ?? 0);
  if (Math.abs(exp) > MAX_EXPONENT) throw badRequest(`"${text}" is out of range`, expression);
  const decimals = mantissa!.includes('.') ? mantissa!.split('.')[1]!.length : 0;
  // 0.5 × 10^(exp − decimals), written as 5e(exp − decimals − 1).
  return { value: text.replace(/^\+/, ''), halfWidth: `5e${exp - decimals - 1}` };
}
