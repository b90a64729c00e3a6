/**
 * Vietnamese-aware folding for comparison and indexing. Text is stored exactly
 * as given (NFC); only the index and comparisons use the folded form, so that
 * "Nguyen Van An", "NGUYỄN VĂN AN" and "Nguyễn Văn An" are the same key.
 */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const SPACES = /\s+/g;

export function foldText(input: string): string {
  return input
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(SPACES, ' ')
    .trim();
}

/** Escapes LIKE metacharacters so user text is matched literally. */
export function escapeLike(input: string): string {
  return input.replace(/[\\%_]/g, (c) => '\\' + c);
}
