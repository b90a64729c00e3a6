import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../support/test-app.js';
import { expectError, searchIds, seed, startSearchApp } from './helpers.js';

// String search (https://hl7.org/fhir/R4/search.html#string): by default a
// case- and accent-insensitive match on the start of the value; :exact is the
// whole value with case and accents; :contains matches anywhere.
let app: TestApp;
before(async () => {
  app = await startSearchApp();
  await seed(app, [
    {
      resourceType: 'Patient',
      id: 'an',
      name: [{ family: 'Nguyễn', given: ['Văn', 'An'], text: 'Nguyễn Văn An' }],
    },
    { resourceType: 'Patient', id: 'hoa', name: [{ family: 'Đặng', given: ['Thị', 'Hoa'] }] },
    { resourceType: 'Patient', id: 'smith', name: [{ family: 'Smith', given: ['John'] }] },
    { resourceType: 'Patient', id: 'erikson', name: [{ family: 'Erikson', given: ['Ann'] }] },
    {
      resourceType: 'Patient',
      id: 'tran',
      name: [{ family: 'Trần', given: ['Minh'] }],
      address: [{ line: ['12 Phố Huế'], city: 'Hà Nội', district: 'Hai Bà Trưng', country: 'VN' }],
    },
    { resourceType: 'Patient', id: 'percent', name: [{ family: '100%Real', given: ['Under_Score'] }] },
    // Typed with a keyboard that sends decomposed accents (NFD).
    { resourceType: 'Patient', id: 'nfd', name: [{ family: 'Hương'.normalize('NFD'), given: ['Lan'] }] },
    { resourceType: 'Organization', id: 'soyte', name: 'Sở Y tế, Hà Nội' },
    { resourceType: 'Organization', id: 'soyte-hcm', name: 'Sở Y tế Hồ Chí Minh' },
  ]);
});
after(async () => {
  await app.close();
});

test('default string search ignores case and Vietnamese diacritics', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?name=nguyen%20van%20an'), ['an']);
  assert.deepEqual(await searchIds(app, 'Patient?name=NGUY%E1%BB%84N'), ['an']); // NGUYỄN
  assert.deepEqual(await searchIds(app, 'Patient?name=dang'), ['hoa']);
  assert.deepEqual(await searchIds(app, 'Patient?family=%C4%91%E1%BA%B7ng'), ['hoa']); // đặng
  assert.deepEqual(await searchIds(app, 'Patient?family=DANG'), ['hoa']);
});

test('default string search matches the start of the value, not the middle', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?given=an'), ['an', 'erikson']);
  assert.deepEqual(await searchIds(app, 'Patient?family=son'), []);
  assert.deepEqual(await searchIds(app, 'Patient?family=eriks'), ['erikson']);
  // Given-first and family-first orders are both found.
  assert.deepEqual(await searchIds(app, 'Patient?name=van%20an'), ['an']);
  assert.deepEqual(await searchIds(app, 'Patient?name=john%20smith'), ['smith']);
  assert.deepEqual(await searchIds(app, 'Patient?name=smith%20john'), ['smith']);
});

test(':exact compares the whole value with case and accents', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?family:exact=Nguy%E1%BB%85n'), ['an']); // Nguyễn
  assert.deepEqual(await searchIds(app, 'Patient?family:exact=Nguyen'), []);
  assert.deepEqual(await searchIds(app, 'Patient?family:exact=nguy%E1%BB%85n'), []);
  assert.deepEqual(await searchIds(app, 'Patient?family:exact=Nguy'), []);
  assert.deepEqual(await searchIds(app, 'Patient?name:exact=Nguy%E1%BB%85n%20V%C4%83n%20An'), ['an']);
});

test('composed and decomposed accents are the same text, with or without :exact', async () => {
  const nfc = encodeURIComponent('Hương'.normalize('NFC'));
  const nfd = encodeURIComponent('Hương'.normalize('NFD'));
  assert.notEqual(nfc, nfd);
  assert.deepEqual(await searchIds(app, `Patient?family=${nfc}`), ['nfd']);
  assert.deepEqual(await searchIds(app, `Patient?family=${nfd}`), ['nfd']);
  assert.deepEqual(await searchIds(app, `Patient?family:exact=${nfc}`), ['nfd']);
  assert.deepEqual(await searchIds(app, `Patient?family:exact=${nfd}`), ['nfd']);
  const an = encodeURIComponent('Nguyễn'.normalize('NFD'));
  assert.deepEqual(await searchIds(app, `Patient?family:exact=${an}`), ['an']);
});

test(':contains matches anywhere, still ignoring case and accents', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?family:contains=son'), ['erikson']);
  assert.deepEqual(await searchIds(app, 'Patient?family:contains=RIK'), ['erikson']);
  assert.deepEqual(await searchIds(app, 'Patient?name:contains=uye'), ['an']);
  assert.deepEqual(await searchIds(app, 'Patient?family:contains=zzz'), []);
});

test('comma-separated values are alternatives; repeated parameters must all match', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?family=smith,dang'), ['hoa', 'smith']);
  assert.deepEqual(await searchIds(app, 'Patient?given=an&family=nguyen'), ['an']);
  assert.deepEqual(await searchIds(app, 'Patient?given=an&family=smith'), []);
});

test('an escaped comma is part of the value', async () => {
  assert.deepEqual(await searchIds(app, 'Organization?name=so%20y%20te%5C,%20ha'), ['soyte']);
  assert.deepEqual(await searchIds(app, 'Organization?name=so%20y%20te'), ['soyte', 'soyte-hcm']);
});

test('address strings: parts and the whole address', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?address-city=ha%20noi'), ['tran']);
  assert.deepEqual(await searchIds(app, 'Patient?address=12%20pho%20hue'), ['tran']);
  assert.deepEqual(await searchIds(app, 'Patient?address:contains=pho%20hue'), ['tran']);
  assert.deepEqual(await searchIds(app, 'Patient?address=hai%20ba'), ['tran']);
  assert.deepEqual(await searchIds(app, 'Patient?address-city=hue'), []);
});

test('LIKE wildcards in the value are matched literally', async () => {
  assert.deepEqual(await searchIds(app, 'Patient?family=100%25'), ['percent']);
  assert.deepEqual(await searchIds(app, 'Patient?family=%25'), []);
  assert.deepEqual(await searchIds(app, 'Patient?given=under_'), ['percent']);
  assert.deepEqual(await searchIds(app, 'Patient?given=u_der'), []);
  assert.deepEqual(await searchIds(app, 'Patient?family:contains=_'), []);
});

test('modifiers that do not apply to strings are refused', async () => {
  await expectError(app, 'Patient?family:not=smith');
  await expectError(app, 'Patient?family:below=smith');
});
