/**
 * The parsers run with entity processing off (no DTD entities can ever be
 * expanded); the five predefined XML entities and character references are
 * decoded here, in one pass so "&amp;lt;" stays "&lt;".
 */
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePoint(n: number, whole: string): string {
  return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : whole;
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return NAMED[name]!;
    if (dec) return codePoint(Number(dec), whole);
    return codePoint(parseInt(hex!, 16), whole);
  });
}
