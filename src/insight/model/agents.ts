import { lit, type SqlDialect } from './dialect.js';

/**
 * How each agent is recognised and where its identities hide (SPEC.md "Usage insight",
 * AGENT-TELEMETRY.md "How each agent lands in our tables"). Pure text builders over the columns
 * `a` (the point's or record's attributes) and `r` (the resource's attributes).
 */
export const AGENTS = ['claude_code', 'codex', 'gemini_cli'] as const;
export type Agent = (typeof AGENTS)[number];

/** `substr(x, 1, n) = 'prefix'`: LIKE would read the `_` of `claude_code` as a wildcard. */
export function startsWith(x: string, prefix: string): string {
  return `substr(${x}, 1, ${prefix.length}) = ${lit(prefix)}`;
}

/** `x` without `prefix` when it starts with it. */
export function stripPrefix(x: string, prefix: string): string {
  return `CASE WHEN ${startsWith(x, prefix)} THEN substr(${x}, ${prefix.length + 1}) ELSE ${x} END`;
}

/** An attribute read from the point or record first, then from the resource (SPEC.md). */
export function attr(d: SqlDialect, key: string): string {
  return `COALESCE(${d.mapValue('a', lit(key))}, ${d.mapValue('r', lit(key))})`;
}

/** The agent of a metric, by its name prefix. */
export function metricAgent(name: string): string {
  return `CASE WHEN ${startsWith(name, 'claude_code.')} THEN 'claude_code' WHEN ${startsWith(name, 'codex.')} THEN 'codex' WHEN ${startsWith(name, 'gemini_cli.')} THEN 'gemini_cli' END`;
}

/**
 * The agent of a log record: Claude Code puts the bare event name in `event.name` and the
 * prefixed one in `body`, and its scope is `com.anthropic.claude_code...`; Codex and Gemini CLI
 * prefix `event.name` (Codex's OTLP `event_name` holds a source location, so `raw` reads the
 * attribute first).
 */
export function logAgent(raw: string, body: string, scope: string): string {
  return (
    `CASE WHEN ${startsWith(body, 'claude_code.')} OR ${startsWith(raw, 'claude_code.')} OR ${startsWith(scope, 'com.anthropic.claude_code')} THEN 'claude_code'` +
    ` WHEN ${startsWith(raw, 'codex.')} THEN 'codex' WHEN ${startsWith(raw, 'gemini_cli.')} THEN 'gemini_cli' END`
  );
}

/** The event name without the agent's prefix (`api_request`, `tool_result`, `api_response`...). */
export function shortEvent(raw: string, body: string): string {
  const bare = `COALESCE(${raw}, ${body})`;
  return `CASE agent WHEN 'claude_code' THEN ${stripPrefix(bare, 'claude_code.')} WHEN 'codex' THEN ${stripPrefix(raw, 'codex.')} ELSE ${stripPrefix(raw, 'gemini_cli.')} END`;
}

/** The session id: `conversation.id` for Codex, `session.id` for the others. */
export function sessionOf(d: SqlDialect): string {
  return `CASE WHEN agent = 'codex' THEN ${attr(d, 'conversation.id')} ELSE ${attr(d, 'session.id')} END`;
}

/** The user: the first present of each agent's identities (SPEC.md, "users"). */
export function userOf(d: SqlDialect): string {
  const first = (...keys: string[]) => `COALESCE(${keys.map((k) => attr(d, k)).join(', ')})`;
  return (
    `CASE agent WHEN 'claude_code' THEN ${first('user.email', 'user.account_uuid', 'user.id')}` +
    ` WHEN 'codex' THEN ${first('user.email', 'user.account_id')}` +
    ` ELSE ${first('user.email', 'installation.id')} END`
  );
}

/** The metrics that count tokens, one per agent. */
export const TOKEN_METRICS = ['claude_code.token.usage', 'codex.turn.token_usage', 'gemini_cli.token.usage'] as const;

/**
 * The token kind under one vocabulary: `input`, `output`, `cache_read`, `cache_creation`, and the
 * agents' extras (`thought`, `tool`, `reasoning`, `total`) as they come.
 */
export function tokenKind(kind: string): string {
  return (
    `CASE ${kind} WHEN 'cacheRead' THEN 'cache_read' WHEN 'cached_input' THEN 'cache_read' WHEN 'cache' THEN 'cache_read'` +
    ` WHEN 'cacheCreation' THEN 'cache_creation' WHEN 'cache_write_input' THEN 'cache_creation'` +
    ` WHEN 'reasoning_output' THEN 'reasoning' ELSE ${kind} END`
  );
}
