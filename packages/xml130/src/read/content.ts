import { problem, type Xml130Problem } from '../problem.js';
import { decodeXmlBytes } from './decode-text.js';
import { decodeEntities } from './entities.js';
import { parseSafely } from './safe-xml.js';
import type { XmlElement } from './xml-tree.js';

const CDATA = /^<!\[CDATA\[([\s\S]*)\]\]>$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The inner table a FILEHOSO's NOIDUNGFILE carries, as XML text: base64 of
 * UTF-8 (what the BHXH gateway sends), or, in some exports, the table
 * itself — as elements, in CDATA, or escaped. Whatever the carrier, the
 * table passes the same checks as a file: UTF-8, no DOCTYPE, well-formed.
 * Its text comes back with its parsed root element.
 */
export function tableContent(
  raw: string,
  table: string,
): { xml: string; root: XmlElement } | { problem: Xml130Problem } {
  let content = raw.trim();
  const cdata = CDATA.exec(content);
  if (cdata) content = cdata[1]!.trim();
  else if (content.startsWith('&lt;')) content = decodeEntities(content).trim();
  let xml: string;
  if (content.startsWith('<')) xml = content;
  else {
    const base64 = content.replace(/\s+/g, '');
    if (base64 === '' || base64.length % 4 !== 0 || !BASE64.test(base64)) {
      return { problem: problem('envelope.bad-base64', { table }) };
    }
    const decoded = decodeXmlBytes(Buffer.from(base64, 'base64'), table);
    if ('problem' in decoded) return decoded;
    // Kept byte for byte as sent (an importer stores what was received).
    xml = decoded.text;
    if (!xml.trimStart().startsWith('<')) return { problem: problem('envelope.bad-base64', { table }) };
  }
  const parsed = parseSafely(xml, table);
  return 'problem' in parsed ? parsed : { xml, root: parsed.root };
}
