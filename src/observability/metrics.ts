import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges read when `/metrics` is scraped. */
export interface MetricSources {
  spool: () => { bytes: number; segments: number };
  pending: () => { records: number; oldestMs: number | null };
  inFlightBytes: () => number;
  /** The export's lag (ms), its limit (0: none) and the requests refused for it so far. */
  exportLag?: () => { ms: number; limitMs: number; refusals: number };
  /** Live data files and their bytes per local table, as table maintenance last saw them. */
  tables?: () => ReadonlyMap<string, { files: number; bytes: number }>;
}

/**
 * The service's own counters, in Prometheus text format on `GET /metrics`. Names follow the
 * Prometheus conventions (`_total` counters, base units); table names are labels, which stay few.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'otlp_delta_requests_total',
    help: 'OTLP requests answered, by route, HTTP status and caller (the tokens file name; "anonymous" without a tokens file, "" when unauthenticated).',
    labelNames: ['route', 'status', 'caller'] as const,
    registers: [this.registry],
  });
  readonly rowsAccepted = new Counter({
    name: 'otlp_delta_rows_accepted_total',
    help: 'Rows spooled (acknowledged to clients), by table and caller.',
    labelNames: ['table', 'caller'] as const,
    registers: [this.registry],
  });
  readonly rowsRejected = new Counter({
    name: 'otlp_delta_rows_rejected_total',
    help: 'Data points or log records rejected in partial_success answers, by table and caller.',
    labelNames: ['table', 'caller'] as const,
    registers: [this.registry],
  });
  readonly rowsCommitted = new Counter({
    name: 'otlp_delta_rows_committed_total',
    help: 'Rows committed to their table, by table.',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });
  readonly exportSeconds = new Histogram({
    name: 'otlp_delta_export_duration_seconds',
    help: 'Time to write one batch into its table, by table.',
    labelNames: ['table'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly exportRetries = new Counter({
    name: 'otlp_delta_export_retries_total',
    help: 'Batches that failed with a retryable error and were scheduled again, by table.',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });
  readonly deadLetterRows = new Counter({
    name: 'otlp_delta_dead_letter_rows_total',
    help: 'Rows moved to the dead-letter folder after a permanent error, by table.',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });

  readonly spoolDamage = new Counter({
    name: 'otlp_delta_spool_damage_total',
    help: 'Damage found in the spool at start: torn tails cut, corrupt records skipped.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly compactions = new Counter({
    name: 'otlp_delta_compactions_total',
    help: 'Compaction and retention commits on local tables, by table and outcome (committed, or conflict when a concurrent commit removed a file it rewrote).',
    labelNames: ['table', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly filesCompacted = new Counter({
    name: 'otlp_delta_maintenance_files_removed_total',
    help: 'Data files removed from local tables by compaction and retention (they stay on disk until vacuum), by table.',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });
  readonly vacuumedFiles = new Counter({
    name: 'otlp_delta_vacuumed_files_total',
    help: 'Data files deleted from disk by vacuum, by table.',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });
  readonly vacuumedBytes = new Counter({
    name: 'otlp_delta_vacuumed_bytes_total',
    help: 'Bytes of data files deleted from disk by vacuum, by table.',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    // Process and runtime metrics (resident memory, heap, event-loop lag) beside our own.
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge('otlp_delta_spool_bytes', 'Bytes of the spool segments on disk.', () => sources.spool().bytes);
    gauge('otlp_delta_spool_segments', 'Spool segment files on disk.', () => sources.spool().segments);
    gauge('otlp_delta_unexported_records', 'Spooled requests not yet committed to their table.', () => sources.pending().records);
    gauge(
      'otlp_delta_oldest_unexported_age_seconds',
      'Age of the oldest spooled request not yet committed (0 when none).',
      () => (sources.pending().oldestMs ?? 0) / 1000,
    );
    gauge('otlp_delta_in_flight_request_bytes', 'Bytes of request bodies being received and decoded.', () => sources.inFlightBytes());
    const lag = () => sources.exportLag?.() ?? { ms: 0, limitMs: 0, refusals: 0 };
    gauge(
      'otlp_delta_export_lag_seconds',
      'How long the oldest unexported request of a table that is exporting (not backing off) has waited past its batch age; past the limit, requests get 503.',
      () => lag().ms / 1000,
    );
    gauge('otlp_delta_export_lag_limit_seconds', 'The export lag past which requests get 503 (0: no limit).', () => lag().limitMs / 1000);
    let refusalsSeen = 0;
    new Counter({
      name: 'otlp_delta_export_lag_refusals_total',
      help: 'Requests refused with 503 because the export lag was past its limit.',
      registers: [this.registry],
      collect() {
        const now = lag().refusals;
        this.inc(now - refusalsSeen);
        refusalsSeen = now;
      },
    });
    const perTable = (name: string, help: string, field: 'files' | 'bytes') =>
      new Gauge({
        name,
        help,
        labelNames: ['table'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [table, size] of sources.tables?.() ?? []) this.set({ table }, size[field]);
        },
      });
    perTable('otlp_delta_table_files', 'Live data files of each local table (as of its last maintenance check).', 'files');
    perTable('otlp_delta_table_bytes', 'Bytes of the live data files of each local table.', 'bytes');
  }
}
