/**
 * Vietnamese-aware folding for comparison and indexing. Text is stored exactly
 * as given (NFC); only the index and comparisons use the folded form, so that
 * "Nguyen Van An", "NGUYỄN VĂN AN" and "Nguyễn Văn An" are the same key.
 *
 * Every string value of every resource written is folded for the search
 * index, so the common cases take a short way: ASCII text is only lowered and
 * its spaces collapsed, and Latin text (Vietnamese included) is folded a
 * character at a time from a table filled on first use. Both give exactly
 * what the whole pipeline (`foldAny`) gives; other scripts take the pipeline.
 */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const SPACES = /\s+/g;
const UNTIDY_SPACE = /^\s|\s$|\s\s|[\t\n\v\f\r]/;

export function foldText(input: string): string {
  let ascii = true;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x80) {
      ascii = false;
      if (!isLatin(c)) return foldAny(input);
    }
  }
  if (!ascii) return foldLatin(input);
  const lower = input.toLowerCase();
  return UNTIDY_SPACE.test(lower) ? lower.replace(SPACES, ' ').trim() : lower;
}

/** Letters whose fold is known per character: Latin, its extensions, Vietnamese's letters and the combining marks. */
function isLatin(code: number): boolean {
  return code < 0x250 || (code >= 0x300 && code <= 0x36f) || (code >= 0x1e00 && code <= 0x1eff);
}

/** The whole pipeline, for any text. */
function foldAny(input: string): string {
  return foldPieces(input).replace(SPACES, ' ').trim();
}

function foldPieces(input: string): string {
  return input.normalize('NFD').replace(COMBINING_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** The fold of each Latin character met so far (a combining mark folds to ''; a space to ' '). */
const foldedChar = new Map<number, string>();

function foldOfChar(code: number): string {
  let folded = foldedChar.get(code);
  if (folded === undefined) {
    folded = foldPieces(String.fromCharCode(code));
    if (/^\s+$/.test(folded)) folded = ' ';
    foldedChar.set(code, folded);
  }
  return folded;
}

function foldLatin(input: string): string {
  let out = '';
  let spaceBefore = false;
  for (let i = 0; i < input.length; i++) {
    const piece = foldOfChar(input.charCodeAt(i));
    if (piece === ' ') spaceBefore = out.length > 0;
    else if (piece !== '') {
      if (spaceBefore) out += ' ';
      spaceBefore = false;
      out += piece;
    }
  }
  return out;
}

/** Escapes LIKE metacharacters so user text is matched literally. */
export function escapeLike(input: string): string {
  return input.replace(/[\\%_]/g, (c) => '\\' + c);
}
