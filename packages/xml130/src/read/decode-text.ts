import { problem, type Xml130Problem } from '../problem.js';

/**
 * XML 130 files are UTF-8 (the decision's data standard; the BHXH gateway
 * refuses others). Bytes become text here, or a clear refusal: a UTF-16
 * byte-order mark, bytes that are not UTF-8 (a TCVN3 or Windows-1258
 * export), or an XML declaration naming another encoding. A UTF-8 BOM is
 * dropped.
 */
export type Decoded = { text: string } | { problem: Xml130Problem };

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The first byte that is not valid UTF-8, for the message (scans only on failure). */
function firstBadByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}

const DECLARED_ENCODING = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']/;

/** The encoding an XML declaration names, when it names one that is not UTF-8. */
function otherDeclaredEncoding(text: string): string | undefined {
  const declared = DECLARED_ENCODING.exec(text.slice(0, 200))?.[1];
  return declared !== undefined && !/^utf-?8$/i.test(declared.trim()) ? declared : undefined;
}

/**
 * UTF-16 without a byte-order mark: "<" then "?" or a letter, each with a
 * zero byte beside it. Such bytes are valid UTF-8 (zeros and ASCII), so the
 * decoder alone would pass them on as malformed XML full of NULs.
 */
function utf16Markup(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const le = bytes[0] === 0x3c && bytes[1] === 0 && bytes[3] === 0 && bytes[2] !== 0;
  const be = bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] !== 0;
  return le || be;
}

export function decodeXmlBytes(bytes: Uint8Array, table?: string): Decoded {
  const place = table ? { table } : {};
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || utf16Markup(bytes)) {
    return { problem: problem('input.encoding', place, { utf16: 'yes' }) };
  }
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    return { problem: problem('input.encoding', place, { offset: firstBadByte(bytes) }) };
  }
  return checkDecodedText(text, table);
}

/** Text already decoded (a string handed to the reader): drop a BOM, refuse another declared encoding. */
export function checkDecodedText(text: string, table?: string): Decoded {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const declared = otherDeclaredEncoding(body);
  if (declared !== undefined) return { problem: problem('input.encoding', table ? { table } : {}, { declared }) };
  return { text: body };
}
