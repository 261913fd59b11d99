#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, kebab, loadConfig } from './config/load.js';
import { ENV_NAMES } from './config/schema.js';
import { bootstrap } from './commands/bootstrap.js';
import { DEFAULT_DASHBOARD_FOLDER, dashboardExport } from './commands/dashboard-export.js';
import { DASHBOARD_PORT, dashboard } from './commands/dashboard.js';
import { requeue } from './commands/requeue.js';
import { demo, demoNumbers } from './demo/command.js';
import { serve } from './commands/serve.js';
import { optimize } from './commands/optimize.js';
import { vacuum } from './commands/vacuum.js';

const USAGE = `usage:
  otlp-delta serve [--port 4318] [--host 127.0.0.1] [--data-dir ./data] [--tokens-file tokens.json] [--allow-unauthenticated]
  otlp-delta bootstrap --catalog C --schema S --prefix P [--prefix P2 ...] [--data-dir ./data] [--url http://host:port]
                       [--dashboard [--dashboard-folder ${DEFAULT_DASHBOARD_FOLDER}] [--dashboard-name N]]   (creates and publishes the usage dashboard in the Databricks workspace)
  otlp-delta dashboard [--port 4319] [--host 127.0.0.1] [--data-dir ./data] [--tokens-file tokens.json] [--prices-file prices.json]
                       [--catalog C --schema S --prefix P ...]   (with a SQL warehouse configured: the tables it reads there)
  otlp-delta dashboard export --catalog C --schema S --prefix P [--prefix P2 ...] [--out F]   (a Databricks AI/BI .lvdash.json to import)
  otlp-delta demo [--url http://127.0.0.1:4318] [--developers 20] [--days 14] [--seed 1] [--catalog main --schema demo] [--token T]
                 (sends made-up Claude Code, Codex and Gemini CLI traffic to a running service, for its dashboard)
  otlp-delta optimize [--table C.S.T] [--data-dir ./data] [--retention-days N]   (compacts small files; safe beside serve)
  otlp-delta vacuum [--table C.S.T] [--data-dir ./data] [--retain-hours 168]   (deletes removed and orphaned files, old log entries)
  otlp-delta requeue [--data-dir ./data]   (puts dead-lettered batches back into the spool; run while serve is stopped)

Every setting also reads an OTLP_DELTA_* environment variable (see the README); flags win.`;

/** Settings whose flag is a switch (`--allow-unauthenticated`), taking no value. */
const BOOLEAN_SETTINGS = new Set(['allowUnauthenticated']);

/** One `--kebab-case` flag per setting, beside its OTLP_DELTA_* environment variable. */
const SETTING_FLAGS = Object.fromEntries(
  Object.keys(ENV_NAMES).map((key) => [kebab(key), { type: BOOLEAN_SETTINGS.has(key) ? ('boolean' as const) : ('string' as const) }]),
) as Record<string, { type: 'string' | 'boolean' }>;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'dashboard' && rest[0] === 'export') {
    const { values } = parseArgs({
      args: rest.slice(1),
      options: { catalog: { type: 'string' }, schema: { type: 'string' }, prefix: { type: 'string', multiple: true }, out: { type: 'string' } },
      strict: true,
    });
    if (!values.catalog || !values.schema || !values.prefix) throw new ConfigError('dashboard export needs --catalog, --schema and --prefix (--prefix may repeat)');
    return dashboardExport({ catalog: values.catalog, schema: values.schema, prefixes: values.prefix, out: values.out });
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      ...SETTING_FLAGS,
      catalog: { type: 'string' },
      schema: { type: 'string' },
      prefix: { type: 'string', multiple: true },
      url: { type: 'string' },
      table: { type: 'string' },
      'retain-hours': { type: 'string' },
      dashboard: { type: 'boolean' },
      'dashboard-folder': { type: 'string' },
      'dashboard-name': { type: 'string' },
      developers: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      token: { type: 'string' },
    },
    strict: true,
  });
  const settings: Record<string, string | boolean> = {};
  for (const key of Object.keys(ENV_NAMES)) {
    const value = (values as Record<string, string | boolean | undefined>)[kebab(key)];
    if (typeof value === 'string' || typeof value === 'boolean') settings[key] = value;
  }
  if (command === 'demo') {
    const numbers = demoNumbers(values);
    if (typeof numbers === 'string') throw new ConfigError(numbers);
    const { url = 'http://127.0.0.1:4318', catalog = 'main', schema = 'demo', token } = values;
    return demo({ url, catalog, schema, token, ...numbers });
  }
  const config = loadConfig(settings);
  if (command === 'serve') {
    await serve(config);
    return 0;
  }
  if (command === 'bootstrap') {
    const { catalog, schema, url } = values;
    const [prefix, ...morePrefixes] = values.prefix ?? [];
    if (!catalog || !schema || !prefix) throw new ConfigError('bootstrap needs --catalog, --schema and --prefix');
    const folder = values['dashboard-folder'];
    const name = values['dashboard-name'];
    if (!values.dashboard && (folder !== undefined || name !== undefined)) throw new ConfigError('--dashboard-folder and --dashboard-name go with --dashboard');
    const dashboard = values.dashboard ? { folder: folder ?? DEFAULT_DASHBOARD_FOLDER, name } : undefined;
    return bootstrap(config, { catalog, schema, prefix, morePrefixes, url, dashboard });
  }
  if (command === 'dashboard') {
    // Its own default port, so that it runs beside `serve`; --port still wins.
    await dashboard(config, {
      port: settings.port === undefined ? DASHBOARD_PORT : config.port,
      tables: { catalog: values.catalog, schema: values.schema, prefixes: values.prefix ?? [] },
    });
    return 0;
  }
  if (command === 'requeue') return requeue(config);
  if (command === 'optimize') return optimize(config, { table: values.table });
  if (command === 'vacuum') return vacuum(config, { table: values.table, retainHours: values['retain-hours'] });
  console.error(`otlp-delta: unknown command ${JSON.stringify(command)}\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: Error) => {
    const known = error instanceof ConfigError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`otlp-delta: ${known ? error.message : (error.stack ?? error.message)}`);
    process.exitCode = known ? 2 : 1;
    // A failed command must end: if anything it opened still holds the event loop (a worker, a
    // socket), exit anyway once the message is out. Unref'd: a clean exit does not wait for it.
    setTimeout(() => process.exit(), 1_000).unref();
  },
);
