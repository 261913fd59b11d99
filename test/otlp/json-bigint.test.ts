import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonKeepingLongNumbers, quoteLongNumbers } from '../../src/otlp/json-bigint.js';

describe('quoteLongNumbers', () => {
  it('quotes number literals with 16 or more integer digits, sign, fraction and exponent included', () => {
    assert.equal(quoteLongNumbers('{"a":12345678901234567890}'), '{"a":"12345678901234567890"}');
    assert.equal(quoteLongNumbers('[-9007199254740993, 1234567890123456]'), '["-9007199254740993", "1234567890123456"]');
    assert.equal(quoteLongNumbers('[1234567890123456.5e-3]'), '["1234567890123456.5e-3"]');
  });

  it('leaves shorter numbers, fractions and strings alone', () => {
    const unchanged = [
      '{"a":123456789012345,"b":-1,"c":0.12345678901234567890,"d":1e300}',
      '{"a":"12345678901234567890"}',
      '{"a":"say \\"12345678901234567890\\"","b":1}',
      '{"12345678901234567890":true}',
    ];
    for (const text of unchanged) assert.equal(quoteLongNumbers(text), text);
  });

  it('tells an escaped quote from the end of a string', () => {
    assert.equal(quoteLongNumbers('{"a":"\\\\","b":12345678901234567890}'), '{"a":"\\\\","b":"12345678901234567890"}');
    assert.equal(quoteLongNumbers('{"a":"\\"","b":12345678901234567890}'), '{"a":"\\"","b":"12345678901234567890"}');
  });

  it('passes malformed text through', () => {
    assert.equal(quoteLongNumbers('{"a":"unterminated 12345678901234567890'), '{"a":"unterminated 12345678901234567890');
    assert.equal(quoteLongNumbers('[-]'), '[-]');
  });
});

describe('parseJsonKeepingLongNumbers', () => {
  it('returns long numbers as their text and everything else as JSON.parse does', () => {
    assert.deepEqual(parseJsonKeepingLongNumbers('{"big":18446744073709551615,"small":42,"s":"9007199254740993"}'), {
      big: '18446744073709551615',
      small: 42,
      s: '9007199254740993',
    });
    const pretty = '{\n  "n": [\n    9007199254740993,\n    1.5\n  ]\n}';
    assert.deepEqual(parseJsonKeepingLongNumbers(pretty), { n: ['9007199254740993', 1.5] });
  });

  it('throws SyntaxError on malformed JSON', () => {
    assert.throws(() => parseJsonKeepingLongNumbers('{"a": 12345678901234567890'), SyntaxError);
    assert.throws(() => parseJsonKeepingLongNumbers('nope'), SyntaxError);
  });
});
