import { problem, type Xml130Problem } from '../problem.js';
import { parseXml, type XmlElement } from './xml-tree.js';

/**
 * XML 130 needs no DTD. A DOCTYPE or ENTITY declaration is refused before
 * any parser sees the text, so entity expansion ("billion laughs") and
 * external entities cannot happen. The parser is strict: a truncated file
 * is an error, not a shorter file.
 */
const DECLARATION = /<!(?:DOCTYPE|ENTITY)\b/i;

/** The XML declaration, comments and processing instructions: a file of only these has no element. */
const PROLOG = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g;

/**
 * The root element of a safe, well-formed document, or the problem that
 * says why there is none (in the file, or in table `table` of it).
 * `keepRaw` names elements whose content is kept as written (xml-tree.ts).
 */
export function parseSafely(
  text: string,
  table?: string,
  keepRaw?: ReadonlySet<string>,
): { root: XmlElement } | { problem: Xml130Problem } {
  const place = table ? { table } : {};
  if (DECLARATION.test(text)) return { problem: problem('input.doctype', place) };
  const { roots, error } = parseXml(text, keepRaw);
  if (!error) return { root: roots[0]! };
  if (roots.length > 1) {
    return { problem: problem('input.several-roots', place, { roots: roots.map((r) => r.name).join(', ') }) };
  }
  const body = text.replace(PROLOG, '').trim();
  if (body === '') return { problem: problem('input.empty', place) };
  const root = /^<([A-Za-z_][\w.:-]*)/.exec(body)?.[1];
  // The root's end tag nowhere in the text: it was cut short (said plainer than "unclosed tag").
  if (root !== undefined && !body.includes(`</${root}`) && !/^<[^>]*\/>$/.test(body)) {
    return { problem: problem('input.truncated', place, { element: root }) };
  }
  return {
    problem: problem('input.malformed', place, {
      line: error.line,
      col: error.column,
      detail: error.message.replace(/\.+$/, ''),
    }),
  };
}
