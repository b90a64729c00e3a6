import type { Address, Coding, Extension, HumanName } from '@medplum/fhirtypes';
import type { PersonName, Province } from '../model.js';
import { CS, EXT, PROVINCE_NAME } from './systems.js';

/** "Nguyễn Văn An": family name first, as Vietnamese names are written and said. */
export function fullName(name: PersonName): string {
  return [name.family, name.middle, name.given]
    .filter((part) => part !== '')
    .join(' ')
    .normalize('NFC');
}

/**
 * A Vietnamese name in HumanName parts: `family`, then `given` holding the
 * middle name (tên đệm) before the given name, so that `given.join(' ')`
 * reads as it is spoken; `text` keeps the whole name in its usual order
 * because family-first is not what FHIR's default rendering assumes.
 */
export function humanName(name: PersonName): HumanName {
  const nfc = (s: string): string => s.normalize('NFC');
  return {
    use: 'official',
    text: fullName(name),
    family: nfc(name.family),
    given: name.middle === '' ? [nfc(name.given)] : [nfc(name.middle), nfc(name.given)],
  };
}

/**
 * An address after the 2025 reform: street line, commune or ward, province.
 * There is no district level any more, so `district` stays empty; `city`
 * holds the commune's full name ("Phường Bình Phước") and the extension its
 * national code, which is what matching and reporting use.
 */
export function vnAddress(
  province: Province,
  place: { communeCode: string; line?: string },
  use?: 'home' | 'work',
): Address {
  const commune = province.communeByCode.get(place.communeCode);
  if (!commune) throw new Error(`unknown commune code ${place.communeCode}`);
  const line = place.line ? place.line.normalize('NFC') : undefined;
  const city = commune.fullName.normalize('NFC');
  return {
    extension: [{ url: EXT.dvhc, valueCoding: { system: CS.dvhc, code: commune.code, display: city } }],
    ...(use ? { use } : {}),
    text: [line, city, PROVINCE_NAME].filter(Boolean).join(', '),
    ...(line ? { line: [line] } : {}),
    city,
    state: PROVINCE_NAME,
    country: 'VN',
  };
}

/**
 * Names of the ethnic groups (the General Statistics Office's list of 54)
 * that live in Đồng Nai in numbers; other codes are sent without a display
 * rather than with a guessed one.
 */
const ETHNICITY: Readonly<Record<string, string>> = {
  '01': 'Kinh',
  '02': 'Tày',
  '03': 'Thái',
  '04': 'Hoa',
  '05': 'Khmer',
  '06': 'Mường',
  '07': 'Nùng',
  '08': 'Mông',
  '09': 'Dao',
  '16': 'Cơ Ho',
  '17': 'Chăm',
  '20': 'Mnông',
  '22': 'Xtiêng',
  '28': 'Mạ',
  '32': 'Chơ Ro',
};

export function ethnicityExtension(code: string): Extension {
  const display = ETHNICITY[code];
  const coding: Coding = { system: CS.danToc, code, ...(display ? { display } : {}) };
  return { url: EXT.ethnicity, valueCoding: coding };
}
