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

/**
 * A number with its implicit precision: "100" means [99.5, 100.5), "1e2" too.
 * Returns the value and the half-width of the range (FHIR R4 §3.1.1.4.2).
 */
export function parseNumber(text: string, expression: string): { value: number; halfWidth: number; text: string } {
  if (!NUMBER.test(text)) throw badRequest(`"${text}" is not a number`, expression);
  const value = Number(text);
  const [mantissa, exponent] = text.toLowerCase().split('e');
  const decimals = mantissa!.includes('.') ? mantissa!.split('.')[1]!.length : 0;
  const halfWidth = 0.5 * 10 ** (Number(exponent ?? 0) - decimals);
  return { value, halfWidth, text };
}
