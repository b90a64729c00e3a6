import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leafText, parseXml } from './xml-tree.js';

test('elements, their text with entities and character references decoded, and CDATA', () => {
  const { roots, error } = parseXml('<A><B> x &amp; &#x1EA0;&#273; </B><C><![CDATA[<y>]]></C><D/></A>');
  assert.equal(error, undefined);
  const [a] = roots;
  assert.deepEqual(
    a!.children.map((c) => [c.name, c.text]),
    [
      ['B', ' x & Ạđ '],
      ['C', '<y>'],
      ['D', ''],
    ],
  );
  assert.equal(leafText(a, 'B'), 'x & Ạđ');
  assert.equal(leafText(a, 'missing'), '');
});

test('the content of the elements asked for is kept exactly as written, whatever follows it', () => {
  const text = '<R><N><T>\r\n<A>x&amp;</A></T></N><N>abc</N><N/><N><![CDATA[q]]></N ></R>';
  const { roots } = parseXml(text, new Set(['N']));
  assert.deepEqual(
    roots[0]!.children.map((n) => n.raw),
    ['<T>\r\n<A>x&amp;</A></T>', 'abc', '', '<![CDATA[q]]>'],
  );
  assert.equal(roots[0]!.raw, undefined, 'only the named elements');
});

test('every root of a document with several is named, and the error says where', () => {
  const { roots, error } = parseXml('<A>x</A>\n<B/>\n');
  assert.deepEqual(
    roots.map((r) => r.name),
    ['A', 'B'],
  );
  assert.deepEqual(error, { line: 2, column: 3, message: 'documents may contain only one root.' });
});

test('what is not well-formed is an error: an undeclared entity, a bad character, a tag left open', () => {
  assert.match(parseXml('<A>&x;</A>').error!.message, /undefined entity/);
  assert.match(parseXml('<A>\u0001</A>').error!.message, /disallowed character/);
  assert.match(parseXml('<A><B>1</B>').error!.message, /unclosed tag: A/);
  assert.match(parseXml('<A></B>').error!.message, /end tag <\/B> where <\/A>/);
});

test('a wrong end tag is named, with the one expected and where that element opened', () => {
  const { error } = parseXml('<A>\n  <B>\n</A>');
  assert.deepEqual(error, {
    line: 3,
    column: 4,
    message: 'end tag </A> where </B> (opened on line 2) was expected',
  });
});
