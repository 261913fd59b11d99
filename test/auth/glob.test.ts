import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileGlob } from '../../src/auth/glob.js';
import { Tokens } from '../../src/auth/tokens.js';

/** The definition of a match, by dynamic programming over (pattern, name) prefixes: slow, obviously right. */
function reference(pattern: string, name: string): boolean {
  let row = new Array<boolean>(name.length + 1).fill(false);
  row[0] = true;
  for (const c of pattern) {
    const next = new Array<boolean>(name.length + 1).fill(false);
    if (c === '*') {
      next[0] = row[0];
      for (let j = 1; j <= name.length; j++) next[j] = row[j] || next[j - 1];
    } else {
      for (let j = 1; j <= name.length; j++) next[j] = row[j - 1] && name[j - 1] === c;
    }
    row = next;
  }
  return row[name.length];
}

describe('table globs', () => {
  test('`*` is any run of characters, dots included; everything else is literal', () => {
    const cases: Array<[pattern: string, name: string, matches: boolean]> = [
      ['main.*', 'main.s.t', true],
      ['main.*', 'main.', true],
      ['main.*', 'mainx.s.t', false],
      ['main.*_logs', 'main.s.x_logs', true],
      ['main.*_logs', 'main.s.x_spans', false],
      ['a-b.c.d', 'a-b.c.d', true],
      ['a-b.c.d', 'a-b.c.dd', false],
      ['a.b.c', 'aXb.c', false],
      ['*', '', true],
      ['**', 'x', true],
      ['*.*.*', 'a.b.c', true],
      ['*.*.*', 'a.b', false],
      ['a*a', 'a', false],
      ['a*a', 'aa', true],
      ['*ab*ab*', 'abab', true],
      ['*ab*ab*', 'aab', false],
      ['x*_*_logs', 'x_logs', false],
      ['x*_*_logs', 'x__logs', true],
    ];
    for (const [pattern, name, matches] of cases) {
      assert.equal(compileGlob(pattern)(name), matches, `${pattern} against ${name}`);
      assert.equal(reference(pattern, name), matches, `reference: ${pattern} against ${name}`);
    }
  });

  test('agrees with the definition on every pattern and name over a small alphabet', () => {
    // Deterministic pseudo-random strings over {a, b, *} / {a, b}: overlaps and repeats are where a
    // greedy matcher would go wrong if it could.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = (alphabet: string, max: number) => Array.from({ length: next(max + 1) }, () => alphabet[next(alphabet.length)]).join('');
    for (let i = 0; i < 5000; i++) {
      const pattern = word('ab*', 7);
      const name = word('ab', 9);
      assert.equal(compileGlob(pattern)(name), reference(pattern, name), `${pattern} against ${name}`);
    }
  });

  test('a name that does not match is refused without backtracking (it used to take seconds)', () => {
    // Four stars with a separator each: a backtracking matcher tries every way to place them in a
    // run of separators (~n^4 / 24 attempts for n = 360). The name is a valid table name.
    const name = `${'_'.repeat(120)}.${'_'.repeat(120)}.${'_'.repeat(119)}x`;
    const patterns = ['*_*_*_*_logs', '*_*_*_*_*_*_*_*_x_', '_*_*.*_*_'];
    const tokens = Tokens.fromJson([{ name: 'a', token: 'tok-a', tables: patterns }]);
    const started = performance.now();
    for (const p of patterns) assert.equal(compileGlob(p)(name), false, p);
    assert.equal(tokens.find('tok-a')!.mayWrite(name), false);
    assert.equal(tokens.find('tok-a')!.mayWrite(`${name}_logs`), true);
    // Loose on purpose (a loaded machine); the regular expression took several seconds here.
    assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
  });
});
