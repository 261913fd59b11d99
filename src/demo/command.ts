import { demoRequests } from './generate.js';
import { sendRequests } from './send.js';

export interface DemoCommandOptions {
  url: string;
  developers: number;
  days: number;
  seed: number;
  catalog: string;
  schema: string;
  token?: string;
}

/**
 * `otlp-delta demo`: sends realistic coding-agent traffic (Claude Code, Codex, Gemini CLI) of a
 * made-up organisation to a running service, through its OTLP/HTTP routes, so that its
 * dashboard has something to show. Tables: `<catalog>.<schema>.<agent>_otel_{metrics,logs}`.
 */
export async function demo(options: DemoCommandOptions): Promise<number> {
  const started = Date.now();
  // Aligned to the minute, so that two runs with the same seed in the same minute send the same data.
  const endMs = Math.floor(started / 60_000) * 60_000;
  const requests = demoRequests({ ...options, endMs, maxRecordsPerRequest: 5000 });
  const result = await sendRequests(requests, { url: options.url, token: options.token });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `sent ${result.records} records in ${result.requests} requests (${options.developers} developers, ${options.days} days) to ${options.url} in ${seconds} s\n` +
      `tables: ${options.catalog}.${options.schema}.{claude_code,codex,gemini_cli}_otel_{metrics,logs}\n` +
      `open ${options.url.replace(/\/+$/, '')}/dashboard\n`,
  );
  return 0;
}

/** The demo's flags as numbers, or a message naming the bad one. */
export function demoNumbers(flags: { developers?: string; days?: string; seed?: string }): { developers: number; days: number; seed: number } | string {
  const read = (name: string, text: string | undefined, fallback: number, max: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    return Number.isInteger(n) && n >= 1 && n <= max ? n : `--${name} must be an integer from 1 to ${max}`;
  };
  const developers = read('developers', flags.developers, 20, 5000);
  const days = read('days', flags.days, 14, 366);
  const seed = read('seed', flags.seed, 1, 2 ** 31);
  for (const v of [developers, days, seed]) if (typeof v === 'string') return v;
  return { developers: developers as number, days: days as number, seed: seed as number };
}
