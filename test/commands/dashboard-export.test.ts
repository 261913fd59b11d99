import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../sinks/databricks/e2e-helpers.js';
import { structureProblems } from '../insight/lakeview/checks.js';
import type { LvDashboard } from '../../src/insight/lakeview/types.js';
import { VIEWS } from '../../src/insight/model/index.js';

/** `otlp-delta dashboard export`, run as the real command. */

describe('otlp-delta dashboard export', () => {
  test('writes the .lvdash.json over every --prefix to --out, and says how to import it', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-export-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const out = join(dir, 'usage.lvdash.json');
    const run = await runCli(['dashboard', 'export', '--catalog', 'main', '--schema', 'agents', '--prefix', 'claude', '--prefix', 'codex', '--out', out], {});
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, new RegExp(`wrote ${out.replace(/[.]/g, '\\.')}: ${VIEWS.length} datasets, \\d+ pages over main\\.agents\\.claude_otel_\\*, main\\.agents\\.codex_otel_\\*; import it`));
    const dash = JSON.parse(await readFile(out, 'utf8')) as LvDashboard;
    assert.deepEqual(structureProblems(dash, new Map(VIEWS.map((v) => [`ds_${v.id}`, v.columns.map((c) => c.name)]))), []);
    const sql = dash.datasets.map((d) => d.queryLines.join('')).join('\n');
    assert.ok(sql.includes('`main`.`agents`.`claude_otel_metrics`') && sql.includes('`main`.`agents`.`codex_otel_logs`'));

    // Without --out, the same file goes to stdout.
    const stdout = await runCli(['dashboard', 'export', '--catalog', 'main', '--schema', 'agents', '--prefix', 'claude', '--prefix', 'codex'], {});
    assert.equal(stdout.code, 0, stdout.stderr);
    assert.equal(stdout.stdout, await readFile(out, 'utf8'));
  });

  test('refuses names that are not table-name parts, and a missing --prefix', async () => {
    const bad = await runCli(['dashboard', 'export', '--catalog', 'main', '--schema', 'a.b', '--prefix', 'claude'], {});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad --catalog\/--schema\/--prefix/);
    assert.equal(bad.stdout, '');
    const missing = await runCli(['dashboard', 'export', '--catalog', 'main', '--schema', 'agents'], {});
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /dashboard export needs --catalog, --schema and --prefix/);
  });
});
