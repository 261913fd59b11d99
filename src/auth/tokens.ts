import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { compileGlob } from './glob.js';

/**
 * The tokens file: who may send, and which tables each caller may write.
 *
 *   [{ "name": "team-a", "token": "..." | "sha256": "<hex digest>", "tables": ["main.telemetry.*"] }]
 *
 * `sha256` (the hex SHA-256 digest of the token) may stand instead of `token`, so that the file need
 * not hold secrets. `tables` are glob patterns over `catalog.schema.table`: `*` matches any run of
 * characters, dots included (`main.*` is every table of catalog `main`); every other character
 * matches itself (`glob.ts` matches without backtracking). `"read": true` also lets the caller read the
 * usage dashboard and its API (`/dashboard`, `/api/usage/*`), which show every table's data.
 */

/** Characters of a table pattern: those of a table name (`[A-Za-z0-9_-]` and dots) and `*`. */
const PATTERN = /^[A-Za-z0-9_.*-]{1,800}$/;

const entrySchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.:@-]{1,64}$/, 'must be 1 to 64 characters of [A-Za-z0-9_.:@-] (it becomes a metrics label)'),
    token: z.string().min(1, 'must not be empty').max(4096).refine((t) => !/\s/.test(t), 'must not contain white space').optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex digits of the SHA-256 digest of the token')
      .optional(),
    tables: z
      .array(z.string().regex(PATTERN, 'must be a glob over catalog.schema.table: letters, digits, _, -, . and *'))
      .min(1, 'must list at least one table pattern'),
    read: z.boolean().optional(),
  })
  .refine((e) => (e.token === undefined) !== (e.sha256 === undefined), {
    message: 'needs exactly one of "token" and "sha256"',
  });

const fileSchema = z.array(entrySchema).min(1, 'must list at least one token');

/** One caller of the tokens file, with its token reduced to a digest. */
export interface Caller {
  name: string;
  /** The table patterns, as written in the file. */
  tables: readonly string[];
  /** Whether this caller may write the table `catalog.schema.table`. */
  mayWrite(table: string): boolean;
  /** Whether this caller may read the usage dashboard (`"read": true`). */
  readonly mayRead: boolean;
}

interface Entry extends Caller {
  digest: Buffer;
}

export class TokensFileError extends Error {
  override name = 'TokensFileError';
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The callers of a tokens file, looked up by bearer token in constant time. */
export class Tokens {
  private constructor(private readonly entries: readonly Entry[]) {}

  /** Validates the parsed JSON of a tokens file; throws a TokensFileError naming the first problem. */
  static fromJson(json: unknown, source = 'the tokens file'): Tokens {
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length > 0 ? ` at ${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}` : '';
      throw new TokensFileError(`${source}${where}: ${issue.message}`);
    }
    const entries: Entry[] = [];
    const names = new Set<string>();
    for (const [i, e] of parsed.data.entries()) {
      if (names.has(e.name)) throw new TokensFileError(`${source} at [${i}].name: the name ${JSON.stringify(e.name)} is used twice`);
      names.add(e.name);
      const digest = e.token !== undefined ? sha256(e.token) : Buffer.from(e.sha256!, 'hex');
      if (entries.some((other) => other.digest.equals(digest))) {
        throw new TokensFileError(`${source} at [${i}]: the same token is given to two callers`);
      }
      const globs = e.tables.map(compileGlob);
      entries.push({ name: e.name, tables: Object.freeze([...e.tables]), digest, mayWrite: (table) => globs.some((matches) => matches(table)), mayRead: e.read === true });
    }
    return new Tokens(entries);
  }

  /** Reads and validates a tokens file; throws a TokensFileError naming the problem. */
  static async load(path: string): Promise<Tokens> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new TokensFileError(`cannot read the tokens file ${path}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      // The parser's message may quote the file's text (a token): say only where it fails.
      const at = /position (\d+)/.exec((error as Error).message);
      throw new TokensFileError(`the tokens file ${path} is not valid JSON${at ? ` (at character ${at[1]})` : ''}`);
    }
    return Tokens.fromJson(json, `the tokens file ${path}`);
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * The caller whose token is `token`, or null. Every entry's digest is compared, each with
   * `timingSafeEqual`, so the time taken does not depend on which entry (if any) matches nor on how
   * much of a digest matches.
   */
  find(token: string): Caller | null {
    const digest = sha256(token);
    let found: Entry | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest) && found === null) found = entry;
    }
    return found;
  }
}

/**
 * The token of an `Authorization: Bearer <token>` header, or null when the header is missing or
 * of another scheme.
 */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/**
 * The tokens in force, re-read from their file on demand (SIGHUP): a file that no longer validates
 * leaves the previous tokens in force.
 */
export class TokenStore {
  private constructor(
    readonly path: string,
    private tokens: Tokens,
  ) {}

  static async open(path: string): Promise<TokenStore> {
    return new TokenStore(path, await Tokens.load(path));
  }

  get current(): Tokens {
    return this.tokens;
  }

  /** Re-reads the file; on success the new tokens replace the old, else the error is thrown and the old stay. */
  async reload(): Promise<Tokens> {
    const next = await Tokens.load(this.path);
    this.tokens = next;
    return next;
  }
}
