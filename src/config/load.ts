import { configSchema, ENV_NAMES, type Config } from './schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type RawSettings = Partial<Record<keyof typeof ENV_NAMES, string | number | boolean>>;

/**
 * Builds the configuration from the environment and the command-line flags (flags win), validates
 * it once, and freezes it. This is the only module that reads `process.env` for our own settings.
 */
export function loadConfig(flags: RawSettings, env: NodeJS.ProcessEnv = process.env): Config {
  const raw: RawSettings = {};
  for (const [key, envName] of Object.entries(ENV_NAMES) as [keyof RawSettings, string][]) {
    const value = env[envName];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const [key, value] of Object.entries(flags) as [keyof RawSettings, RawSettings[keyof RawSettings]][]) {
    if (value !== undefined) raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0] ?? '');
    const envName = ENV_NAMES[key as keyof RawSettings];
    const where = envName ? `${key} (--${kebab(key)} or ${envName})` : key || 'settings';
    throw new ConfigError(`invalid setting ${where}: ${issue.message}`);
  }
  const config = parsed.data;
  if (config.databricks) Object.freeze(config.databricks.auth);
  Object.freeze(config.databricks);
  return Object.freeze(config);
}

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
