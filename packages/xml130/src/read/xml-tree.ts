import { SaxesParser } from 'saxes';

/** An element of a parsed document. XML 130 uses no attributes, so none are kept. */
export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  /** Its text and CDATA, entities and character references decoded (untrimmed). */
  text: string;
  /** Its content exactly as written, for the elements asked for (`keepRaw`): NOIDUNGFILE, whatever it carries. */
  raw?: string;
}

/** The first well-formedness error: where (1-based line, 0-based column) and the parser's words. */
export interface XmlSyntaxError {
  line: number;
  column: number;
  message: string;
}

export interface XmlDocument {
  /** The top-level elements: one in a well-formed document. */
  roots: XmlElement[];
  error?: XmlSyntaxError;
}

/**
 * Parses a whole document in one strict pass (saxes checks well-formedness
 * as it goes: names, nesting, characters, entities, a single root), into a
 * small tree. Parsing goes on after an error so that, for instance, every
 * root of a document with several is named; the first error is returned.
 * Only the five predefined entities and character references exist: a
 * document's own entities are never declared (the caller refuses DOCTYPE),
 * so any other reference is an error, never an expansion.
 */
export function parseXml(text: string, keepRaw?: ReadonlySet<string>): XmlDocument {
  const parser = new SaxesParser();
  const roots: XmlElement[] = [];
  const open: { element: XmlElement; start: number; line: number }[] = [];
  let lastClosed: { name: string; line: number } | undefined;
  let error: XmlSyntaxError | undefined;
  const addText = (t: string): void => {
    const top = open[open.length - 1];
    if (top) top.element.text += t;
  };
  parser.on('error', (err) => {
    // saxes prefixes its message with "line:column: ".
    let message = err.message.replace(/^\d+:\d+: /, '');
    if (message === 'unexpected close tag.' && lastClosed) {
      // saxes has just closed the element that was open; say which end tag came instead.
      const written = /^<\/([^\s>]*)/.exec(text.slice(text.lastIndexOf('</', parser.position - 1)))?.[1];
      message = `end tag </${written}> where </${lastClosed.name}> (opened on line ${lastClosed.line}) was expected`;
    }
    error ??= { line: parser.line, column: parser.column, message };
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, children: [], text: '' };
    const parent = open[open.length - 1];
    (parent ? parent.element.children : roots).push(element);
    open.push({ element, start: parser.position, line: parser.line });
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', (tag) => {
    const { element, start, line } = open.pop()!;
    lastClosed = { name: element.name, line };
    if (keepRaw?.has(element.name)) {
      // The parser stands just past this end tag; a self-closing tag has no content.
      element.raw = tag.isSelfClosing ? '' : text.slice(start, text.lastIndexOf('</', parser.position - 1));
    }
  });
  parser.write(text).close();
  return error ? { roots, error } : { roots };
}

/** The first child element named `name`. */
export function childElement(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Every child element named `name`, in order. */
export function childElements(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** The trimmed text of the first child element named `name` ('' when absent or not a leaf). */
export function leafText(element: XmlElement | undefined, name: string): string {
  const leaf = childElement(element, name);
  return leaf && leaf.children.length === 0 ? leaf.text.trim() : '';
}
