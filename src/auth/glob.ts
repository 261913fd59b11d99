/**
 * Table globs of the tokens file, matched without backtracking.
 *
 * A pattern is literal text and `*`, where `*` matches any run of characters (dots included). A
 * regular expression such as `^.*_.*_.*_.*_logs$` backtracks in V8: against a long name that does
 * not match, it tries every way of splitting the name between the stars, which is polynomial in
 * the name's length with the number of stars as the exponent (seconds for one check of a
 * 360-character name against `*_*_*_*_logs`), and it runs on the event loop for every request.
 *
 * With `*` as the only wildcard, no backtracking is ever needed: the text before the first star
 * must be a prefix of the name, the text after the last star a suffix, and each piece in between
 * can be taken at its leftmost place after the previous one (taking it later never leaves more
 * room for the pieces after it). Each piece is found with one `indexOf` from where the previous
 * one ended, so a check costs at most O(name length × pattern length), and in practice one pass.
 */

/** Whether a name matches a glob; build once per pattern, call per request. */
export type GlobMatcher = (name: string) => boolean;

export function compileGlob(pattern: string): GlobMatcher {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return (name) => name === pattern;
  const head = pieces[0];
  const tail = pieces[pieces.length - 1];
  // Empty pieces (`**`, a leading or trailing star) constrain nothing.
  const middle = pieces.slice(1, -1).filter((p) => p !== '');
  const fixed = head.length + tail.length;
  return (name) => {
    if (name.length < fixed || !name.startsWith(head) || !name.endsWith(tail)) return false;
    const end = name.length - tail.length;
    let at = head.length;
    for (let i = 0; i < middle.length; i++) {
      const found = name.indexOf(middle[i], at);
      if (found < 0 || found + middle[i].length > end) return false;
      at = found + middle[i].length;
    }
    return true;
  };
}
