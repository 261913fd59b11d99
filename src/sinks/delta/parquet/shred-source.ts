import type { ColumnType, Field } from '../../../schema/types.js';
import type { Leaf } from './parquet-schema.js';

/**
 * The JavaScript source of a row shredder for one column tree: the record shredding of the Dremel
 * paper that Parquet's nested encoding follows, written out as straight-line code for that tree,
 * one function body per top-level column that walks every row (small enough for V8 to inline
 * the `LeafData` pushes, and each column's leaves stay hot while it runs).
 *
 * Why source text rather than a tree of closures: a closure per node reads its field with a
 * variable key and calls its children through shared call sites, so every property load and call
 * in the hot loop sees every column's shape and goes megamorphic. Written out, each load names its
 * property (`v["resource"]`) and sees one row shape, each leaf is a local, and a null struct
 * writes its leaves' levels inline instead of looping over them (metric rows carry four null
 * point structs each). Only names from the schema reach the text, as JSON string literals.
 *
 * In the code: `D` holds the `LeafData` of each leaf, `fail(column, expected, value)` throws the
 * TypeError that names the column. A slot's definition level is fixed by its place in the tree
 * (`def` here is a number); its repetition level is known only while walking lists (`rep` is an
 * expression).
 */
export function shredSource(columns: readonly Field[], leaves: readonly Leaf[]): string[] {
  let next = 0;
  let vars = 0;
  const out: string[] = [];

  const nulls = (first: number, end: number, rep: string, def: number): string => {
    let s = '';
    for (let i = first; i < end; i++) s += nullSlot(leaves[i], i, rep, def);
    return s;
  };

  // Emits the code that shreds the value of `expr` into the leaves below the node.
  const node = (type: ColumnType, expr: string, rep: string, def: number, repLevel: number, name: string): void => {
    const first = next;
    const v = `v${vars++}`;
    const lit = JSON.stringify(name);
    switch (type.kind) {
      case 'primitive': {
        const i = next++;
        out.push(`{const ${v} = ${expr};`, primitive(leaves[i], i, v, rep, def), '}');
        return;
      }
      case 'struct': {
        out.push(`{const ${v} = ${expr};`, `if (${v} !== null && ${v} !== undefined) {`);
        out.push(`if (typeof ${v} !== 'object' || Array.isArray(${v})) fail(${lit}, 'object (STRUCT)', ${v});`);
        for (const f of type.fields) node(f.type, `${v}[${JSON.stringify(f.name)}]`, rep, def + 1, repLevel, `${name}.${f.name}`);
        out.push(`} else {${nulls(first, next, rep, def)}}}`);
        return;
      }
      case 'array': {
        const i = `i${vars}`;
        const r = `r${vars}`;
        out.push(`{const ${v} = ${expr};`, `if (${v} !== null && ${v} !== undefined && ${v}.length !== 0) {`);
        out.push(`if (!Array.isArray(${v})) fail(${lit}, 'array (ARRAY)', ${v});`);
        out.push(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { const ${r} = ${i} === 0 ? ${rep} : ${repLevel + 1};`);
        node(type.element, `${v}[${i}]`, r, def + 2, repLevel + 1, `${name}.element`);
        out.push('}} else {');
        emptyOrNull(v, lit, 'array (ARRAY)', first, rep, def);
        return;
      }
      case 'map': {
        const i = `i${vars}`;
        const r = `r${vars}`;
        const e = `e${vars}`;
        const key = next++;
        out.push(`{const ${v} = ${expr};`, `if (${v} !== null && ${v} !== undefined && ${v}.length !== 0) {`);
        out.push(`if (!Array.isArray(${v})) fail(${lit}, 'array of [key, value] pairs (MAP)', ${v});`);
        out.push(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { const ${r} = ${i} === 0 ? ${rep} : ${repLevel + 1};`);
        out.push(`const ${e} = ${v}[${i}];`);
        out.push(`if (!Array.isArray(${e}) || ${e}.length !== 2) fail(${lit}, '[key, value] pairs (MAP)', ${e});`);
        out.push(`if (typeof ${e}[0] !== 'string') fail(${JSON.stringify(leaves[key].name)}, 'a non-null string', ${e}[0]);`);
        out.push(`d${key}.pushString(${r}, ${e}[0]);`);
        node(type.value, `${e}[1]`, r, def + 2, repLevel + 1, `${name}.value`);
        out.push('}} else {');
        emptyOrNull(v, lit, 'array of [key, value] pairs (MAP)', first, rep, def);
        return;
      }
    }
  };

  // The else branch of a list or map: null (level `def`), empty (`def + 1`), or not a list at all.
  const emptyOrNull = (v: string, lit: string, expected: string, first: number, rep: string, def: number): void => {
    out.push(`if (${v} === null || ${v} === undefined) {${nulls(first, next, rep, def)}}`);
    out.push(`else if (!Array.isArray(${v})) fail(${lit}, '${expected}', ${v});`);
    out.push(`else {${nulls(first, next, rep, def + 1)}}}}`);
  };

  return columns.map((c) => {
    const first = next;
    out.length = 0;
    node(c.type, `row[${JSON.stringify(c.name)}]`, '0', 0, 0, c.name);
    let locals = '';
    for (let i = first; i < next; i++) locals += `const d${i} = D[${i}];`;
    return `${locals}\nfor (let n = 0; n < rows.length; n++) {\nconst row = rows[n];\n${out.join('\n')}\n}`;
  });
}

/**
 * One optional leaf: the value's JS type checked against the column's (a wrong type is a bug
 * upstream: a LONG as a JS number has already lost precision), then pushed, or a null slot.
 */
function primitive(leaf: Leaf, i: number, v: string, rep: string, def: number): string {
  const lit = JSON.stringify(leaf.name);
  const d = `d${i}`;
  const absent = `else if (${v} === null || ${v} === undefined) {${nullSlot(leaf, i, rep, def)}}`;
  switch (leaf.primitive) {
    case 'string': {
      // Outside lists and maps, in place like a null slot (see `nullSlot`).
      const push = leaf.maxRep > 0 ? `${d}.pushString(${rep}, ${v});` : `${d}.def[${d}.levels++] = ${leaf.maxDef}; ${d}.count++; ${d}.strings.push(${v});`;
      return `if (typeof ${v} === 'string') {${push}} ${absent} else fail(${lit}, 'string (STRING)', ${v});`;
    }
    case 'long':
      return (
        `if (typeof ${v} === 'bigint') { if (${v} < INT64_MIN || ${v} > INT64_MAX) fail(${lit}, 'a bigint in the int64 range', ${v}); ${d}.pushLong(${rep}, ${v}); } ` +
        `${absent} else fail(${lit}, 'bigint (LONG)', ${v});`
      );
    case 'int':
      return `if (typeof ${v} === 'number' && (${v} | 0) === ${v}) ${d}.pushInt(${rep}, ${v}); ${absent} else fail(${lit}, 'a 32-bit integer number (INT)', ${v});`;
    case 'double':
      return `if (typeof ${v} === 'number') ${d}.pushDouble(${rep}, ${v}); ${absent} else fail(${lit}, 'number (DOUBLE)', ${v});`;
    case 'boolean':
      return `if (typeof ${v} === 'boolean') ${d}.pushBool(${rep}, ${v}); ${absent} else fail(${lit}, 'boolean (BOOLEAN)', ${v});`;
  }
}

/**
 * A null slot. A leaf outside lists and maps has exactly one slot per row, and `LeafData` sizes its
 * definition levels for the rows up front and zero-filled, so the slot is written in place with
 * no capacity check, and level 0 (a null top-level column, the most frequent null) is already
 * there: only the count moves.
 */
function nullSlot(leaf: Leaf, i: number, rep: string, def: number): string {
  if (leaf.maxRep > 0) return `d${i}.pushNull(${rep}, ${def});`;
  return def === 0 ? `d${i}.levels++;` : `d${i}.def[d${i}.levels++] = ${def};`;
}
