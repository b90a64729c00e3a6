/**
 * The narrative rules of R4 (https://hl7.org/fhir/R4/narrative.html), which
 * medplum's FHIRPath engine answers `true` without looking (`htmlChecks()`):
 *
 * - the div is well-formed XHTML: one `<div xmlns="http://www.w3.org/1999/xhtml">`
 *   element and nothing but whitespace around it;
 * - txt-1: only the basic formatting elements and attributes of HTML 4.0
 *   chapters 7–11 (without 9.4, ins/del) and 15, `<a>` (name or href), images
 *   and style attributes — so no script, style sheet, form, object, frame,
 *   head or body, no event attribute (`onclick`…), and no `javascript:` URL;
 * - txt-2: some non-whitespace content (text or an image).
 *
 * A single pass over the text, no DOM: each tag is checked as it is read and
 * a stack of open elements proves the nesting.
 */

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

// prettier-ignore
const ELEMENTS = new Set([
  // 7 global structure, 8 language, 9 text (without 9.4 ins/del)
  'div', 'span', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'bdo',
  'em', 'strong', 'dfn', 'code', 'samp', 'kbd', 'var', 'cite', 'abbr', 'acronym',
  'blockquote', 'q', 'sub', 'sup', 'p', 'br', 'pre',
  // 10 lists
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  // 11 tables
  'table', 'caption', 'thead', 'tfoot', 'tbody', 'colgroup', 'col', 'tr', 'th', 'td',
  // 15 alignment and font styles
  'hr', 'tt', 'i', 'b', 'big', 'small', 'strike', 's', 'u', 'font', 'center',
  // links and images
  'a', 'img',
]);

const COMMON_ATTRIBUTES = ['id', 'class', 'style', 'title', 'lang', 'xml:lang', 'dir'];
const CELL = [
  'align',
  'valign',
  'char',
  'charoff',
  'abbr',
  'axis',
  'headers',
  'scope',
  'rowspan',
  'colspan',
  'nowrap',
  'width',
  'height',
  'bgcolor',
];
// prettier-ignore
const ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href', 'name', 'rel', 'rev', 'hreflang', 'type', 'charset'],
  img: ['src', 'alt', 'width', 'height', 'border', 'hspace', 'vspace', 'align', 'longdesc'],
  table: ['summary', 'width', 'border', 'frame', 'rules', 'cellspacing', 'cellpadding', 'align', 'bgcolor'],
  col: ['span', 'width', 'align', 'valign', 'char', 'charoff'],
  colgroup: ['span', 'width', 'align', 'valign', 'char', 'charoff'],
  thead: ['align', 'valign', 'char', 'charoff'],
  tbody: ['align', 'valign', 'char', 'charoff'],
  tfoot: ['align', 'valign', 'char', 'charoff'],
  tr: ['align', 'valign', 'char', 'charoff', 'bgcolor'],
  th: CELL,
  td: CELL,
  caption: ['align'],
  ol: ['type', 'start', 'compact'],
  ul: ['type', 'compact'],
  li: ['type', 'value'],
  dl: ['compact'],
  q: ['cite'],
  blockquote: ['cite'],
  pre: ['width'],
  br: ['clear'],
  hr: ['align', 'noshade', 'size', 'width'],
  font: ['size', 'color', 'face'],
  div: ['align'],
  p: ['align'],
  h1: ['align'], h2: ['align'], h3: ['align'], h4: ['align'], h5: ['align'], h6: ['align'],
};
const ALLOWED = new Map<string, Set<string>>();
for (const name of ELEMENTS) ALLOWED.set(name, new Set([...COMMON_ATTRIBUTES, ...(ATTRIBUTES[name] ?? [])]));

const NAME = /[A-Za-z_][\w.:-]*/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const ENTITY = /&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9A-Fa-f]+);/y;

/** The problems of a narrative div, in words for the client; empty when it is fine. */
export function xhtmlProblems(div: string): string[] {
  try {
    return check(div);
  } catch (err) {
    if (err instanceof Malformed) return [`The narrative is not well-formed XHTML: ${err.message}`];
    throw err;
  }
}

class Malformed extends Error {}

function check(text: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let content = false;
  let closedRoot = false;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? text.length : lt;
    if (end > i) {
      const chunk = text.slice(i, end);
      const hasText = /\S/.test(chunk);
      if (hasText && (open.length === 0 || closedRoot)) throw new Malformed('text outside the <div> element');
      if (hasText) content = true;
      checkEntities(chunk);
    }
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      if (close < 0) throw new Malformed('a comment is not closed');
      i = close + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt) && open.length > 0) {
      const close = text.indexOf(']]>', lt + 9);
      if (close < 0) throw new Malformed('a CDATA section is not closed');
      if (/\S/.test(text.slice(lt + 9, close))) content = true;
      i = close + 3;
      continue;
    }
    if (text[lt + 1] === '/') {
      NAME.lastIndex = lt + 2;
      const name = NAME.exec(text)?.[0];
      const gt = name ? skipSpace(text, lt + 2 + name.length) : -1;
      if (!name || text[gt] !== '>') throw new Malformed('a closing tag is malformed');
      const top = open.pop();
      if (top === undefined) throw new Malformed(`</${name}> closes no open element`);
      if (top !== name) throw new Malformed(`</${name}> found where <${top}> is not closed`);
      if (open.length === 0) closedRoot = true;
      i = gt + 1;
      continue;
    }
    NAME.lastIndex = lt + 1;
    const name = NAME.exec(text)?.[0];
    if (!name) throw new Malformed(`"<" that starts no element at character ${lt}`);
    if (closedRoot) throw new Malformed('content after the closing </div>');
    const root = open.length === 0;
    if (root && name !== 'div') throw new Malformed(`the narrative must be one <div> element, not <${name}>`);
    if (!root && !ELEMENTS.has(name)) problems.push(`The narrative may not contain <${name}> (txt-1)`);
    if (name === 'img') content = true;
    let at = lt + 1 + name.length;
    const allowed = ALLOWED.get(name);
    let namespace: string | undefined;
    for (;;) {
      ATTRIBUTE.lastIndex = at;
      const m = ATTRIBUTE.exec(text);
      if (!m) break;
      at = ATTRIBUTE.lastIndex;
      const attribute = m[1]!;
      const value = m[2] ?? m[3] ?? '';
      checkEntities(value);
      if (attribute === 'xmlns') namespace = value;
      else if (allowed && !allowed.has(attribute)) {
        problems.push(`The narrative may not use the attribute ${attribute} on <${name}> (txt-1)`);
      } else if (unsafeUrl(attribute, value, name)) {
        problems.push(`The narrative may not use a script URL in ${attribute} on <${name}> (txt-1)`);
      }
    }
    at = skipSpace(text, at);
    const selfClosing = text.startsWith('/>', at);
    if (!selfClosing && text[at] !== '>') throw new Malformed(`the tag <${name}> is malformed`);
    if (root && namespace !== XHTML_NS) problems.push(`The narrative <div> must have xmlns="${XHTML_NS}"`);
    if (!root && namespace !== undefined && namespace !== XHTML_NS) {
      problems.push(`The narrative may only contain XHTML (<${name}> is in ${namespace})`);
    }
    if (selfClosing) {
      if (root) closedRoot = true;
      i = at + 2;
    } else {
      open.push(name);
      i = at + 1;
    }
  }
  if (open.length > 0) throw new Malformed(`<${open[open.length - 1]}> is not closed`);
  if (!closedRoot) throw new Malformed('there is no <div> element');
  if (!content) problems.push('The narrative must have some non-whitespace content (txt-2)');
  return problems;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at;
}

/** Every "&" starts an entity or character reference (XML well-formedness). */
function checkEntities(chunk: string): void {
  for (let amp = chunk.indexOf('&'); amp >= 0; amp = chunk.indexOf('&', amp + 1)) {
    ENTITY.lastIndex = amp;
    if (!ENTITY.test(chunk)) throw new Malformed('"&" that starts no entity (write &amp;)');
  }
}

/** A URL that runs script when followed or loaded: javascript:, vbscript:, or data: other than an image. */
function unsafeUrl(attribute: string, value: string, element: string): boolean {
  if (attribute !== 'href' && attribute !== 'src' && attribute !== 'style' && attribute !== 'cite') {
    return false;
  }
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
  const plain = decodeReferences(value)
    .replace(/[\u0000-\u0020]/g, '')
    .toLowerCase();
  if (attribute === 'style') return plain.includes('javascript:') || plain.includes('expression(');
  // A named reference where the scheme is (HTML decodes "javascript&colon;" too): refused, not guessed at.
  if (/^[^/?#]*&[a-z]/.test(plain)) return true;
  if (plain.startsWith('javascript:') || plain.startsWith('vbscript:')) return true;
  return plain.startsWith('data:') && !(element === 'img' && plain.startsWith('data:image/'));
}

/** Numeric character references, which a browser decodes before it reads the scheme. */
function decodeReferences(value: string): string {
  return value.replace(/&#(x[0-9a-f]+|\d+);/gi, (_, n: string) =>
    String.fromCodePoint(n[0] === 'x' || n[0] === 'X' ? parseInt(n.slice(1), 16) : Number(n)),
  );
}
