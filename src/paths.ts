import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (where `proto/` and `sql/` live), found by walking up from this module,
 * so that the same lookup works from `src/` under tsx and from `dist/src/` once compiled.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'sql'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('otlp-delta: cannot find the package root (sql/ and package.json)');
    dir = parent;
  }
}

export const packageRoot = findPackageRoot();
export const protoDir = join(packageRoot, 'proto');
export const sqlDir = join(packageRoot, 'sql');
