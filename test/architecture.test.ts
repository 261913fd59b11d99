import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The shape ARCHITECTURE.md asks of src/: every file reached from the CLI or a worker entry, the
// top-level folders importing each other without a cycle, and commands/ reached only from cli.ts.
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static, dynamic, and worker entries named by `new URL('./x.js', import.meta.url)`). */
function importsOf(file: string): { target: string; worker: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found: { target: string; worker: boolean }[] = [];
  const add = (spec: string, worker: boolean) => found.push({ target: resolve(dirname(file), spec).replace(/\.js$/, '.ts'), worker });
  for (const m of text.matchAll(/(?:^|\s)(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) add(m[1]!, false);
  for (const m of text.matchAll(/import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) add(m[1]!, false);
  // A worker entry: `new URL('./x.js', import.meta.url)`, or with its extension chosen at run time.
  for (const m of text.matchAll(/new URL\(\s*[`'"](\.{1,2}\/[\w./-]+?)(?:\.js|\.ts|\$\{)/g)) add(`${m[1]!}.ts`, true);
  return found;
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const folderOf = (file: string) => {
  const parts = relative(SRC, file).split(sep);
  return parts.length === 1 ? parts[0]!.replace(/\.ts$/, '') : parts[0]!;
};

test('every file of src/ is reached from src/cli.ts or a worker entry it starts', () => {
  const reached = new Set<string>();
  const stack = [join(SRC, 'cli.ts')];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const { target } of graph.get(file) ?? []) if (graph.has(target)) stack.push(target);
  }
  assert.deepEqual(files.filter((f) => !reached.has(f)).map((f) => relative(SRC, f)), []);
});

test('every relative import of src/ names a file that exists', () => {
  const missing = [...graph].flatMap(([file, edges]) =>
    edges.filter((e) => !graph.has(e.target)).map((e) => `${relative(SRC, file)} -> ${relative(SRC, e.target)}`),
  );
  assert.deepEqual(missing, []);
});

test('the top-level folders of src/ import each other without a cycle', () => {
  const edges = new Map<string, Set<string>>();
  for (const [file, imports] of graph) {
    for (const { target } of imports) {
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from !== to) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
    }
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
      return;
    }
    state.set(node, 'open');
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of edges.keys()) visit(node, []);
  assert.deepEqual(cycles, []);
});

test('only src/cli.ts imports commands/', () => {
  const offenders = [...graph].flatMap(([file, imports]) =>
    folderOf(file) !== 'cli' && folderOf(file) !== 'commands' && imports.some((e) => folderOf(e.target) === 'commands') ? [relative(SRC, file)] : [],
  );
  assert.deepEqual(offenders, []);
});

/** Files of src/ that import `pkg` (or a subpath of it) as a value; `import type` is free. */
function valueImportersOf(pkg: string): string[] {
  const escaped = pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const value = new RegExp(`(?:^|\\n)\\s*import\\s+(?!type\\s)[^;]*?from\\s*['"]${escaped}(?:/[^'"]*)?['"]|import\\(\\s*['"]${escaped}(?:/[^'"]*)?['"]\\s*\\)`);
  return files.filter((file) => value.test(readFileSync(file, 'utf8'))).map((f) => relative(SRC, f));
}

const only = (importers: string[], homes: string[]) => importers.filter((f) => !homes.some((home) => f.startsWith(home)));

test('only sinks/databricks/ imports @databricks/sql', () => {
  assert.deepEqual(only(valueImportersOf('@databricks/sql'), [`sinks${sep}databricks${sep}`]), []);
});

test('only insight/ imports DuckDB', () => {
  assert.deepEqual(only(valueImportersOf('@duckdb/node-api'), [`insight${sep}`]), []);
});

test('only the HTTP faces, receive/ and insight/, import fastify', () => {
  assert.deepEqual(only(valueImportersOf('fastify'), [`receive${sep}`, `insight${sep}`]), []);
});
