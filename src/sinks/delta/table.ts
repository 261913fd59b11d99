import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirsDurable } from '../../fs/durable.js';
import type { Row } from '../../rows/row.js';
import type { TableSchema } from '../../schema/types.js';
import {
  type Action,
  type AddAction,
  commitInfoAction,
  type MetaDataAction,
  metaDataAction,
  type ProtocolAction,
  protocolAction,
  serializeActions,
  txnAction,
} from './actions.js';
import { checkpointIfDue, type CheckpointOutcome } from './checkpoint.js';
import { StagedCommit } from './commit.js';
import { encodeRows, writeDataFile, type EncodedFile, type WrittenFile } from './data-file.js';
import { commitFileName, logDir } from './log-paths.js';
import { checkWritable } from './protocol-check.js';
import { readTableState, refreshTableState } from './replay.js';
import { columnsSignature, parseSchemaString } from './schema-string.js';
import { type DetectedKind, detectKind } from './table-kind.js';
import type { TableState } from './table-state.js';
import { Transaction } from './transaction.js';

export interface TableInfo {
  version: number;
  kind: DetectedKind;
  protocol: ProtocolAction;
  metaData: MetaDataAction;
}

export type CreateTableResult = TableInfo & { created: boolean };

export interface AppendOptions {
  /**
   * An application transaction (PROTOCOL.md "Transaction Identifiers") committed atomically with
   * the rows. If the table already records `version` or a later one for `appId`, nothing is written
   * and the result is `duplicate`: this is how a replayed batch lands exactly once.
   */
  txn?: { appId: string; version: number };
  /** Commit attempts before giving up with `conflict` (each lost attempt means another writer committed). */
  maxAttempts?: number;
}

export type AppendResult =
  | {
      status: 'committed';
      version: number;
      /** The data files' actions; none when `rows` was empty and only a `txn` was committed. */
      adds: AddAction[];
      /** Commit attempts it took (1 when no other writer got there first). */
      attempts: number;
      /**
       * Set when this commit's version was due a checkpoint, which is stored after the append
       * resolves (see `settled`). It never rejects: a checkpoint that fails leaves the commit
       * standing (readers replay more JSON), and says why in `checkpointError`.
       */
      checkpoint?: Promise<CheckpointOutcome>;
    }
  | { status: 'duplicate'; version: number; txnVersion: number }
  | { status: 'noop'; version: number }
  | { status: 'rejected'; reason: 'missing' | 'wrong-schema' | 'unsupported'; message: string; kind?: DetectedKind }
  | { status: 'conflict'; attempts: number };

const DEFAULT_MAX_ATTEMPTS = 1000;

/**
 * One local Delta table, at `<dataDir>/<catalog>/<schema>/<table>`.
 *
 * Keeps the last snapshot it read and brings it up to date before each operation by reading only
 * the commits that appeared since (`refreshTableState`), so an append does not re-read the whole
 * log. Operations of one instance run one at a time; other instances and other processes may write
 * the same table concurrently, which the put-if-absent commit (`commit.ts`) makes safe.
 */
export class DeltaTable {
  private state: TableState | null = null;
  /** The commit file the cached state was last checked against (see `refresh`). */
  private verified: { version: number; identity: string } | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  /** Checkpoints being stored after their append resolved. */
  private readonly background = new Set<Promise<unknown>>();

  constructor(readonly dir: string) {}

  /** Resolves once the checkpoints started by earlier appends are stored (or have failed). */
  async settled(): Promise<void> {
    while (this.background.size > 0) await Promise.all(this.background);
  }

  /**
   * The current snapshot, or null when there is no table. It is this instance's cache: later
   * operations update it in place, and the caller must not modify it.
   */
  snapshot(): Promise<Readonly<TableState> | null> {
    return this.exclusive(() => this.refresh());
  }

  async info(): Promise<TableInfo | null> {
    const state = await this.snapshot();
    return state && describe(state);
  }

  /** The latest `txn.version` recorded for `appId`, or null. */
  async latestTxnVersion(appId: string): Promise<number | null> {
    const state = await this.snapshot();
    return state?.txns.get(appId)?.version ?? null;
  }

  /**
   * Creates the table with `schema` as version 0 (protocol, metaData, commitInfo), unless a table
   * exists: then it returns what that table holds, so that the caller can compare `kind`.
   * Idempotent, and safe against concurrent creators: exactly one version 0 is ever written.
   */
  create(schema: TableSchema): Promise<CreateTableResult> {
    return this.exclusive(async () => {
      const existing = await this.refresh();
      if (existing) return { created: false, ...describe(existing) };
      await makeDirsDurable(logDir(this.dir));
      const now = Date.now();
      const metaData = metaDataAction(schema, now);
      const actions: Action[] = [
        {
          commitInfo: commitInfoAction(now, 'CREATE TABLE', {
            isManaged: 'false',
            partitionBy: '[]',
            properties: JSON.stringify(metaData.configuration),
          }),
        },
        { protocol: protocolAction() },
        { metaData },
      ];
      const staged = await StagedCommit.stage(logDir(this.dir), serializeActions(actions));
      try {
        const result = await staged.publish(0);
        const state = (await this.refresh())!;
        return { created: result.status === 'committed', ...describe(state) };
      } finally {
        await staged.discard();
      }
    });
  }

  /**
   * Appends `rows` as one Parquet file and one commit: an append transaction. The data file is
   * written and fsync'd first; the commit then names it. On a lost race the transaction rebases on
   * the winners and tries the next version; a concurrent change of schema or protocol, or a `txn`
   * already recorded, ends the attempt and removes the unreferenced data file.
   *
   * `data` is the rows, or a data file already encoded from them (by the encode pool's workers),
   * or files already written into the table (several batches encoded ahead, committed together):
   * what is not committed is removed.
   */
  append(
    schema: TableSchema,
    data: readonly Row[] | EncodedFile | readonly WrittenFile[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const written = isWrittenFiles(data) ? data : null;
    const encoded: EncodedFile | null = written ? null : Array.isArray(data) ? encodeRows(schema, data as readonly Row[]) : (data as EncodedFile);
    const numRecords = written ? written.reduce((n, f) => n + f.numRecords, 0) : (encoded?.numRecords ?? 0);
    return this.exclusive(async () => {
      // Files written ahead are this append's from the start: whatever ends it uncommitted removes them.
      const adds: AddAction[] = written ? written.map((f) => f.add) : [];
      let committed = false;
      try {
        const state = await this.refresh();
        if (!state) return { status: 'rejected', reason: 'missing', message: `no Delta table at ${this.dir}` };
        const expected = columnsSignature(schema.columns);
        const txn = options.txn;

        const precheck = (current: TableState): AppendResult | null => {
          const refusal = refuse(current, expected, schema);
          if (refusal) return refusal;
          const recorded = txn && current.txns.get(txn.appId);
          if (recorded && recorded.version >= txn.version) {
            return { status: 'duplicate', version: current.version, txnVersion: recorded.version };
          }
          return null;
        };
        const early = precheck(state);
        if (early) return early;
        if (!written && !encoded && !txn) return { status: 'noop', version: state.version };

        const now = Date.now();
        if (encoded) adds.push(await writeDataFile(this.dir, encoded));
        const transaction = new Transaction(this.dir, state);
        for (const add of adds) transaction.stage({ add });
        if (txn) transaction.stage({ txn: txnAction(txn.appId, txn.version, now) });
        const commitInfo = commitInfoAction(
          now,
          'WRITE',
          { mode: 'Append', partitionBy: '[]' },
          {
            isBlindAppend: true,
            operationMetrics: {
              numFiles: String(adds.length),
              numOutputRows: String(numRecords),
              numOutputBytes: String(adds.reduce((n, add) => n + add.size, 0)),
            },
          },
        );
        // A blind append is compatible with any winner that leaves the schema, the protocol and
        // its txn as they were: it reads no file.
        const outcome = await transaction.commit(commitInfo, (_winner, current) => precheck(current), options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
        if (outcome.status === 'stopped') return outcome.value;
        if (outcome.status === 'exhausted') return { status: 'conflict', attempts: outcome.attempts };
        committed = true;
        // The checkpoint's state is taken now; storing it (two fsyncs, two renames) is left off this
        // append's path: the commit is durable already, and the next batch waits for this one.
        const checkpoint = checkpointIfDue(this.dir, state);
        if (checkpoint) {
          const stored: Promise<unknown> = checkpoint.finally(() => this.background.delete(stored));
          this.background.add(stored);
        }
        return { status: 'committed', version: outcome.version, adds, attempts: outcome.attempts, ...(checkpoint && { checkpoint }) };
      } finally {
        // A data file no commit names would only wait for VACUUM: remove it now.
        if (!committed) await Promise.all(adds.map((add) => unlink(join(this.dir, add.path)).catch(() => {})));
      }
    });
  }

  /**
   * The cached snapshot brought up to date, or a fresh replay. The cache is trusted only while the
   * commit file it was verified at is the same file (same inode): a table directory deleted and
   * created again, or replaced out of band by another table (even one with more versions), makes
   * the log replayed from scratch, so its metaData (id, schema) is the one on disk, and the
   * append's schema check then refuses rows of the wrong signal.
   */
  private async refresh(): Promise<TableState | null> {
    if (this.state && this.verified && (await commitIdentity(this.dir, this.verified.version)) === this.verified.identity) {
      await refreshTableState(this.dir, this.state);
    } else {
      this.state = await readTableState(this.dir);
      this.verified = null;
    }
    if (this.state && this.verified?.version !== this.state.version) {
      const identity = await commitIdentity(this.dir, this.state.version);
      this.verified = identity === null ? null : { version: this.state.version, identity };
    }
    return this.state;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => {});
    return run;
  }
}

function isWrittenFiles(data: readonly Row[] | EncodedFile | readonly WrittenFile[]): data is readonly WrittenFile[] {
  return Array.isArray(data) && data.length > 0 && 'add' in data[0] && 'numRecords' in data[0];
}

/** Which file the commit of `version` is (device and inode), or null when there is none. */
async function commitIdentity(tableDir: string, version: number): Promise<string | null> {
  try {
    const s = await stat(join(logDir(tableDir), commitFileName(version)), { bigint: true });
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

function describe(state: TableState): TableInfo {
  const metaData = state.metaData!;
  return { version: state.version, kind: detectKind(metaData), protocol: state.protocol!, metaData };
}

/** Why rows of `schema` cannot be appended to the table in `state`, or null if they can. */
function refuse(state: TableState, expectedSignature: string, schema: TableSchema): AppendResult | null {
  const metaData = state.metaData!;
  if (parseSchemaString(metaData.schemaString).signature !== expectedSignature) {
    const kind = detectKind(metaData);
    const holds = kind === 'other' ? 'a schema that is not an OpenTelemetry v1 table' : `the ${kind} schema`;
    return { status: 'rejected', reason: 'wrong-schema', kind, message: `the table holds ${holds}, not ${schema.kind}` };
  }
  const support = checkWritable(state.protocol!, metaData);
  if (!support.ok) return { status: 'rejected', reason: 'unsupported', message: support.reason };
  return null;
}
