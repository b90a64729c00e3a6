import { XMLValidator } from 'fast-xml-parser';
import { problem, type Xml130Problem } from '../problem.js';

/**
 * XML 130 needs no DTD. A DOCTYPE or ENTITY declaration is refused before
 * any parser sees the text, so entity expansion ("billion laughs") and
 * external entities cannot happen; the parsers also run with entity
 * processing off (see parse.ts). Then the text must be well-formed: the
 * parser alone is lenient and would read a truncated file as a shorter one.
 */
const DECLARATION = /<!(?:DOCTYPE|ENTITY)\b/i;

export function unsafeOrMalformed(text: string, table?: string): Xml130Problem | undefined {
  const place = table ? { table } : {};
  if (DECLARATION.test(text)) return problem('input.doctype', place);
  const result = XMLValidator.validate(text);
  if (result === true) return undefined;
  const body = text.replace(PROLOG, '').trim();
  if (body === '') return problem('input.empty', place);
  const root = /^<([A-Za-z_][\w.:-]*)/.exec(body)?.[1];
  // The root's end tag nowhere in the text: it was cut short (the validator's own words for this are obscure).
  if (root !== undefined && !body.includes(`</${root}`) && !/^<[^>]*\/>$/.test(body)) {
    return problem('input.truncated', place, { element: root });
  }
  const { line, col, msg } = result.err;
  return problem('input.malformed', place, { line, col, detail: msg.replace(/\.+$/, '') });
}

/** The XML declaration, comments and processing instructions: a file of only these has no element. */
const PROLOG = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g;
