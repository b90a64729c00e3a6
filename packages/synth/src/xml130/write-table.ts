import { type TableLayout, cleanText, escapeXml } from '@lienthong/xml130';

/** One row of a table: field name → value as written (missing fields are written empty). */
export type Row = Readonly<Record<string, string | undefined>>;

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

interface CompiledLayout {
  known: ReadonlySet<string>;
  /** Per field: its name, the opening tag, the closing tag with newline, the empty element with newline (indent included). */
  tags: readonly (readonly [string, string, string, string])[];
}

const compiled = new WeakMap<TableLayout, CompiledLayout>();

// Tags are built once per table, not once per field of every row: files are written by the million.
function compile(layout: TableLayout): CompiledLayout {
  let c = compiled.get(layout);
  if (!c) {
    // XML1's fields sit under its root; the list tables' under root / list / row.
    const indent = layout.list ? '      ' : '  ';
    c = {
      known: new Set(layout.fields),
      tags: layout.fields.map((f) => [f, `${indent}<${f}>`, `</${f}>\n`, `${indent}<${f}/>\n`] as const),
    };
    compiled.set(layout, c);
  }
  return c;
}

function rowElements(layout: TableLayout, row: Row): string {
  const { known, tags } = compile(layout);
  for (const key in row) {
    // A misspelt field would silently vanish from the file: refuse it.
    if (!known.has(key)) throw new Error(`${layout.name} has no field ${key}`);
  }
  let out = '';
  for (const [field, open, close, empty] of tags) {
    const raw = row[field];
    const value = raw ? cleanText(raw) : '';
    out += value === '' ? empty : open + escapeXml(value) + close;
  }
  return out.slice(0, -1);
}

/** An inner table as its own XML document (the text that NOIDUNGFILE carries in base64). */
export function tableXml(layout: TableLayout, rows: readonly Row[]): string {
  if (!layout.list || !layout.row) {
    if (rows.length !== 1) throw new Error(`${layout.name} holds exactly one row, got ${rows.length}`);
    return `${DECLARATION}\n<${layout.root}>\n${rowElements(layout, rows[0]!)}\n</${layout.root}>\n`;
  }
  const items = rows.map((row) => `    <${layout.row}>\n${rowElements(layout, row)}\n    </${layout.row}>`);
  return `${DECLARATION}\n<${layout.root}>\n  <${layout.list}>\n${items.join('\n')}\n  </${layout.list}>\n</${layout.root}>\n`;
}
