#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load.js';
import { bootstrap } from './commands/bootstrap.js';
import { serve } from './commands/serve.js';

const USAGE = `usage:
  otlp-delta serve [--port 4318] [--host 127.0.0.1] [--data-dir ./data]
  otlp-delta bootstrap --catalog C --schema S --prefix P [--data-dir ./data] [--url http://host:port]

Every setting also reads an OTLP_DELTA_* environment variable (see the README); flags win.`;

/** Flags shared by both commands, by setting name. */
const SETTING_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'max-body-bytes': { type: 'string' },
  'default-metrics-table': { type: 'string' },
  'default-logs-table': { type: 'string' },
  'auto-create': { type: 'string' },
  'batch-max-rows': { type: 'string' },
  'batch-max-bytes': { type: 'string' },
  'batch-max-age-ms': { type: 'string' },
  'export-concurrency': { type: 'string' },
  'retry-after-seconds': { type: 'string' },
  'log-level': { type: 'string' },
} as const;

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      ...SETTING_FLAGS,
      catalog: { type: 'string' },
      schema: { type: 'string' },
      prefix: { type: 'string' },
      url: { type: 'string' },
    },
    strict: true,
  });
  const settings: Record<string, string> = {};
  for (const flag of Object.keys(SETTING_FLAGS) as (keyof typeof SETTING_FLAGS)[]) {
    const value = values[flag];
    if (value !== undefined) settings[camel(flag)] = value;
  }
  const config = loadConfig(settings);
  if (command === 'serve') {
    await serve(config);
    return 0;
  }
  if (command === 'bootstrap') {
    const { catalog, schema, prefix, url } = values;
    if (!catalog || !schema || !prefix) throw new ConfigError('bootstrap needs --catalog, --schema and --prefix');
    return bootstrap(config, { catalog, schema, prefix, url });
  }
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
  },
);
