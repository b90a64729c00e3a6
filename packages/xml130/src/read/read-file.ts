import type { Xml130TableName } from '../layout.js';
import { problem, type Xml130Problem } from '../problem.js';
import { isXml130TableName, mappedLayout, tableOfRoot, tableTitle } from '../tables.js';
import { FACILITY_CODE } from '../codes.js';
import { tableContent } from './content.js';
import { checkDecodedText, decodeXmlBytes } from './decode-text.js';
import { readTableRows, type Row } from './read-table.js';
import { parseSafely } from './safe-xml.js';
import { childElement, childElements, leafText, type XmlElement } from './xml-tree.js';

/** The mapped tables of a visit: XML1 is one row, the others lists of rows. */
export interface Xml130Tables {
  XML1?: Row;
  XML2?: Row[];
  XML3?: Row[];
  XML4?: Row[];
  XML5?: Row[];
  XML13?: Row[];
  XML14?: Row[];
}

export interface Xml130Visit {
  /** 1-based: the HOSO's place in the envelope, or the visit's place in a bare table file. */
  index: number;
  /** MA_LK of XML1 (else of the first row that has one); '' when missing. */
  maLk: string;
  /** MA_CSKCB of XML1, else MACSKCB of the envelope. */
  facilityCode: string;
  /** 'envelope': a whole HOSO; 'table': rows of a bare single-table file (cross-table rules need the other tables). */
  source: 'envelope' | 'table';
  tables: Xml130Tables;
  /** Every table's XML text as received (decoded from base64), mapped or not: what an importer stores. */
  received: Partial<Record<Xml130TableName, string>>;
  /** What reading found wrong with this visit (bad base64, unknown table, missing MA_LK…). */
  problems: Xml130Problem[];
  /** Mapped tables the HOSO named but that could not be read (bad base64, malformed, wrong root…). */
  unreadTables?: Xml130TableName[];
}

export interface Xml130File {
  kind: 'envelope' | 'table' | 'unreadable';
  /** MACSKCB of the envelope ('' for bare tables). */
  facilityCode: string;
  /** NGAYLAP of the envelope. */
  createdOn: string;
  /** What is wrong with the file as a whole; with an error here there are no visits. */
  problems: Xml130Problem[];
  /** The visits, decoded one at a time as they are asked for. */
  visits(): Generator<Xml130Visit, void, undefined>;
}

export interface Xml130ReadOptions {
  /** Files larger than this are refused unread (default 20 MB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const MB = 1024 * 1024;
/** A size for people: "1.5 MB", "800.0 KB". */
export const sizeText = (bytes: number): string =>
  bytes >= MB ? `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB` : `${(bytes / 1024).toFixed(1)} KB`;

function unreadable(problems: Xml130Problem[], facilityCode = ''): Xml130File {
  return { kind: 'unreadable', facilityCode, createdOn: '', problems, visits: function* () {} };
}

/**
 * Reads one XML 130 file: the GIAMDINHHS envelope with one or many HOSO, or
 * a bare table (TONG_HOP, CHITIEU_CHITIET_THUOC…). Never throws on bad
 * input: what is wrong with the file comes back in `problems`, what is
 * wrong with a visit in that visit's `problems`, and the other visits are
 * still read.
 */
export function readXml130File(input: Uint8Array | string, options: Xml130ReadOptions = {}): Xml130File {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    return unreadable([problem('input.too-large', {}, { size: sizeText(size), limit: sizeText(maxBytes) })]);
  }
  const decoded = typeof input === 'string' ? checkDecodedText(input) : decodeXmlBytes(input);
  if ('problem' in decoded) return unreadable([decoded.problem]);
  // NOIDUNGFILE is kept as written: base64, or a table as elements, CDATA or escaped text (content.ts).
  const parsed = parseSafely(decoded.text, undefined, CONTENT);
  if ('problem' in parsed) return unreadable([parsed.problem]);
  const { root } = parsed;
  if (root.name === 'GIAMDINHHS') return readEnvelope(root);
  const table = tableOfRoot(root.name);
  if (table === undefined) return unreadable([problem('input.not-xml130', {}, { root: root.name })]);
  return readBareTable(table, decoded.text, root);
}

const CONTENT: ReadonlySet<string> = new Set(['NOIDUNGFILE']);

function readEnvelope(root: XmlElement): Xml130File {
  const facilityCode = leafText(childElement(root, 'THONGTINDONVI'), 'MACSKCB');
  const info = childElement(root, 'THONGTINHOSO');
  const hoso = childElements(childElement(info, 'DANHSACHHOSO'), 'HOSO').filter(
    (h) => childElement(h, 'FILEHOSO') !== undefined,
  );
  const problems: Xml130Problem[] = [];
  if (hoso.length === 0) return unreadable([problem('envelope.no-records')], facilityCode);
  const declared = leafText(info, 'SOLUONGHOSO');
  if (declared !== '' && declared !== String(hoso.length)) {
    problems.push(problem('envelope.count', { field: 'SOLUONGHOSO', value: declared }, { actual: hoso.length }));
  }
  const { positions, summaries } = keyPositions(hoso);
  return {
    kind: 'envelope',
    facilityCode,
    createdOn: leafText(info, 'NGAYLAP'),
    problems,
    visits: function* () {
      for (let i = 0; i < hoso.length; i++) {
        const visit = readHoso(hoso[i]!, i + 1, facilityCode, summaries);
        const shared = positions.get(visit.maLk);
        if (shared && shared.length > 1 && shared.includes(visit.index)) {
          visit.problems.push(
            problem(
              'visit.duplicate-ma-lk',
              { table: 'XML1', row: 1, field: 'MA_LK', value: visit.maLk },
              { positions: shared.join(', ') },
            ),
          );
        }
        yield visit;
      }
    },
  };
}

type TableText = Exclude<ReturnType<typeof tableContent>, { problem: Xml130Problem }>;

/**
 * The HOSO positions (1-based) of each XML1 MA_LK, read before any visit is
 * handed out: a key twice in one file makes both visits ambiguous (an
 * importer would let the second overwrite the first), and the first cannot
 * know of the second otherwise. Only XML1 is decoded here, a small table;
 * what was read is kept by its FILEHOSO for the visit to use, not read again.
 */
function keyPositions(hoso: readonly XmlElement[]): {
  positions: Map<string, number[]>;
  summaries: Map<XmlElement, TableText>;
} {
  const positions = new Map<string, number[]>();
  const summaries = new Map<XmlElement, TableText>();
  // One visit per file, as most HIS send: nothing to share a key with.
  if (hoso.length < 2) return { positions, summaries };
  hoso.forEach((h, i) => {
    const summary = childElements(h, 'FILEHOSO').find((f) => leafText(f, 'LOAIHOSO').toUpperCase() === 'XML1');
    if (summary === undefined) return;
    const content = tableContent(childElement(summary, 'NOIDUNGFILE')?.raw ?? '', 'XML1');
    if ('problem' in content) return;
    summaries.set(summary, content);
    const key = leafText(content.root, 'MA_LK');
    if (key === '') return;
    positions.set(key, [...(positions.get(key) ?? []), i + 1]);
  });
  return { positions, summaries };
}

/** One HOSO's visit; `preread` holds tables already decoded by their FILEHOSO (taken out once used). */
function readHoso(
  hoso: XmlElement,
  index: number,
  envelopeFacility: string,
  preread: Map<XmlElement, TableText>,
): Xml130Visit {
  const visit: Xml130Visit = {
    index,
    maLk: '',
    facilityCode: envelopeFacility,
    source: 'envelope',
    tables: {},
    received: {},
    problems: [],
  };
  const unread = new Set<Xml130TableName>();
  for (const file of childElements(hoso, 'FILEHOSO')) {
    const type = leafText(file, 'LOAIHOSO').toUpperCase();
    if (!isXml130TableName(type)) {
      visit.problems.push(problem('envelope.unknown-table', { field: 'LOAIHOSO', value: type }));
      continue;
    }
    // Only a table that was read counts: after one skipped (a wrong root, bad base64) the next is read.
    if (visit.received[type] !== undefined) {
      visit.problems.push(problem('envelope.duplicate-table', { table: type }));
      continue;
    }
    const content = preread.get(file) ?? tableContent(childElement(file, 'NOIDUNGFILE')?.raw ?? '', type);
    preread.delete(file);
    if ('problem' in content) {
      visit.problems.push(content.problem);
      unread.add(type);
      continue;
    }
    if (addTable(visit, type, content.root)) {
      visit.received[type] = content.xml;
      unread.delete(type);
    } else unread.add(type);
  }
  const unreadMapped = [...unread].filter((t) => mappedLayout(t) !== undefined);
  if (unreadMapped.length > 0) visit.unreadTables = unreadMapped;
  if (visit.received.XML1 === undefined && !unread.has('XML1')) {
    visit.problems.push(problem('visit.missing-summary', { table: 'XML1' }));
  }
  settleKeys(visit);
  if (envelopeFacility !== '' && !FACILITY_CODE.test(envelopeFacility)) {
    visit.problems.push(
      problem('code.facility', { field: 'MACSKCB', value: envelopeFacility }, { code: envelopeFacility }),
    );
  }
  const summaryFacility = visit.tables.XML1?.MA_CSKCB ?? '';
  if (envelopeFacility !== '' && summaryFacility !== '' && summaryFacility !== envelopeFacility) {
    visit.problems.push(
      problem(
        'envelope.facility',
        { table: 'XML1', field: 'MA_CSKCB', value: summaryFacility },
        { envelope: envelopeFacility },
      ),
    );
  }
  return visit;
}

/** Maps a table into the visit, or notes that it is kept as received only; false when its root is another table's. */
function addTable(visit: Xml130Visit, type: Xml130TableName, root: XmlElement): boolean {
  const layout = mappedLayout(type);
  if (!layout) {
    const title = tableTitle(type);
    visit.problems.push(problem('envelope.not-mapped', { table: type }, { titleVi: title?.vi, titleEn: title?.en }));
    return true;
  }
  const { rows, problems } = readTableRows(layout, root);
  visit.problems.push(...problems);
  if (problems.some((p) => p.rule === 'envelope.table-root')) return false;
  if (type === 'XML1') visit.tables.XML1 = rows[0] ?? {};
  else visit.tables[type as Exclude<keyof Xml130Tables, 'XML1'>] = rows;
  return true;
}

/** MA_LK and MA_CSKCB of the visit, and the missing-MA_LK error. */
function settleKeys(visit: Xml130Visit): void {
  const summary = visit.tables.XML1;
  const anyRow = Object.values(visit.tables)
    .flatMap((rows: Row | Row[]) => (Array.isArray(rows) ? rows : [rows]))
    .find((row) => row.MA_LK);
  visit.maLk = summary ? (summary.MA_LK ?? '') : (anyRow?.MA_LK ?? '');
  if (summary?.MA_CSKCB) visit.facilityCode = summary.MA_CSKCB;
  const mapped = Object.keys(visit.tables).length > 0;
  if (visit.maLk === '' && mapped) {
    visit.problems.push(problem('visit.missing-ma-lk', summary ? { table: 'XML1', field: 'MA_LK' } : {}));
  }
}

/**
 * A file holding one bare table: its rows grouped by MA_LK, one visit per
 * key in order of appearance. A table we do not map is reported and yields
 * no visit: without XML1 nothing links it to one.
 */
function readBareTable(type: Xml130TableName, xml: string, root: XmlElement): Xml130File {
  const layout = mappedLayout(type);
  if (!layout) {
    const title = tableTitle(type);
    return {
      kind: 'table',
      facilityCode: '',
      createdOn: '',
      problems: [problem('envelope.not-mapped', { table: type }, { titleVi: title?.vi, titleEn: title?.en })],
      visits: function* () {},
    };
  }
  const { rows, problems } = readTableRows(layout, root);
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = row.MA_LK ?? '';
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return {
    kind: 'table',
    facilityCode: '',
    createdOn: '',
    problems: [],
    visits: function* () {
      let index = 0;
      for (const groupRows of groups.values()) {
        index++;
        const visit: Xml130Visit = {
          index,
          maLk: '',
          facilityCode: '',
          source: 'table',
          tables: {},
          received: { [type]: xml },
          // Problems of the table's rows (unknown fields) go with the first visit.
          problems: index === 1 ? [...problems] : [],
        };
        if (type === 'XML1') visit.tables.XML1 = groupRows[0] ?? {};
        else visit.tables[type as Exclude<keyof Xml130Tables, 'XML1'>] = groupRows;
        settleKeys(visit);
        yield visit;
      }
    },
  };
}
