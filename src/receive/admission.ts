import v8 from 'node:v8';
import vm from 'node:vm';
import { OtlpDeltaError } from '../errors.js';

export interface AdmissionLimits {
  /** Bytes of request bodies held at once, from reading to spooling. */
  maxInFlightBytes: number;
  /**
   * The resident memory the process should stay under. Requests are refused while resident memory
   * is past 60% of it (the rest is headroom for the requests in flight, as the Collector's
   * memory_limiter keeps a spike allowance) and the memory JavaScript holds (heap in use plus
   * buffers) is past a quarter of it: resident memory does not fall after a burst, so it alone
   * would keep refusing once the burst is over and collected. 0 turns the check off.
   */
  memoryLimitBytes: number;
  retryAfterSeconds: number;
  /** How long past its batch age the oldest unexported request may wait before requests are refused; 0: no limit. */
  maxExportLagMs: number;
}

/**
 * Retry-After of a refusal for export lag: the export catches up within about one lag limit, far
 * sooner than the general Retry-After, and a client told to wait longer would leave the service idle.
 */
const LAG_RETRY_AFTER_SECONDS = 1;

/**
 * Keeps memory bounded however fast clients send: a request is refused with 503 and Retry-After
 * (which OTLP exporters honour) while the bodies in flight or the memory in use are past their
 * limits, as the Collector's memory_limiter does.
 */
const RESIDENT_SHARE = 0.6;
const IN_USE_SHARE = 0.25;
const FORCED_GC_INTERVAL_MS = 1000;

/**
 * A full garbage collection on demand. Heap in use counts dead objects until a collection runs, and
 * a service that refuses requests allocates too little to start one: like the Collector's
 * memory_limiter, the limiter collects itself when it finds memory over its limit.
 */
const collectGarbage = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

export class Admission {
  private inFlight = 0;
  private resident = 0;
  private inUse = 0;
  private readonly sampler: NodeJS.Timeout;
  private exportLag: () => number = () => 0;
  private lagRefused = 0;

  constructor(private readonly limits: AdmissionLimits) {
    let lastForcedGc = 0;
    const sample = () => {
      const { rss, heapUsed, external } = process.memoryUsage();
      this.resident = rss;
      this.inUse = heapUsed + external;
      if (this.overMemory() && Date.now() - lastForcedGc > FORCED_GC_INTERVAL_MS) {
        lastForcedGc = Date.now();
        collectGarbage();
        const after = process.memoryUsage();
        this.resident = after.rss;
        this.inUse = after.heapUsed + after.external;
      }
    };
    sample();
    // Sampled rather than read per request: memory moves slowly next to requests.
    this.sampler = setInterval(sample, 50);
    this.sampler.unref();
  }

  /**
   * Lets a request in (or throws a 503): it holds nothing yet, and grows its ticket as its body
   * arrives. Nothing is reserved for what a request declares: a client that announces 20 MB and
   * sends a byte a second holds a byte a second, not the budget of everyone else.
   */
  admit(): Ticket {
    if (this.overMemory()) {
      throw this.unavailable(`the service is near its memory limit of ${this.limits.memoryLimitBytes} bytes`);
    }
    if (this.inFlight >= this.limits.maxInFlightBytes) throw this.tooManyBytes();
    const behind = this.lagProblem();
    if (behind !== null) {
      this.lagRefused++;
      throw new OtlpDeltaError('UNAVAILABLE', `${behind} (max-export-lag-ms); retry later`, LAG_RETRY_AFTER_SECONDS);
    }
    return new Ticket(this);
  }

  /** Where to read the export's lag from (ms the oldest unexported request has waited past its batch age; 0 when none). */
  watchExportLag(read: () => number): void {
    this.exportLag = read;
  }

  /** The export lag in ms when it is past its limit (requests are refused), else null. */
  behindBy(): number | null {
    const limit = this.limits.maxExportLagMs;
    if (limit <= 0) return null;
    const lag = this.exportLag();
    return lag > limit ? Math.round(lag) : null;
  }

  /** Why requests are refused while the export is past its lag limit (also `/readyz`'s reason), else null. */
  lagProblem(): string | null {
    const lag = this.behindBy();
    if (lag === null) return null;
    return `the export is behind: the oldest unexported request has waited ${lag} ms past its batch age, over the limit of ${this.limits.maxExportLagMs} ms`;
  }

  /** Requests refused so far because the export was behind. */
  lagRefusals(): number {
    return this.lagRefused;
  }

  /**
   * Moves a ticket from `held` bytes to `held + delta`, or throws a 503 when that passes the limit
   * while other requests hold bytes too: the request that grows past the budget is the one refused,
   * and one request alone may always hold a whole body (so one body larger than the in-flight limit
   * cannot wedge the service).
   */
  grow(held: number, delta: number): void {
    const others = this.inFlight - held;
    if (delta > 0 && others > 0 && this.inFlight + delta > this.limits.maxInFlightBytes) throw this.tooManyBytes();
    this.inFlight += delta;
  }

  overMemory(): boolean {
    const limit = this.limits.memoryLimitBytes;
    return limit > 0 && this.resident > limit * RESIDENT_SHARE && this.inUse > limit * IN_USE_SHARE;
  }

  inFlightBytes(): number {
    return this.inFlight;
  }

  close(): void {
    clearInterval(this.sampler);
  }

  private tooManyBytes(): OtlpDeltaError {
    return this.unavailable(`too many request bytes in flight (limit ${this.limits.maxInFlightBytes})`);
  }

  private unavailable(why: string): OtlpDeltaError {
    return new OtlpDeltaError('UNAVAILABLE', `${why}; retry later`, this.limits.retryAfterSeconds);
  }
}

/** The bytes one request holds: grown as its body arrives, resized once decoded, released when it is answered. */
export class Ticket {
  private released = false;
  private bytes = 0;

  constructor(private readonly admission: Admission) {}

  /** Counts `bytes` more; throws a 503 when the in-flight budget has no room for them. */
  add(bytes: number): void {
    this.resize(this.bytes + bytes);
  }

  resize(bytes: number): void {
    if (this.released) return;
    this.admission.grow(this.bytes, bytes - this.bytes);
    this.bytes = bytes;
  }

  release(): void {
    if (this.released) return;
    this.admission.grow(this.bytes, -this.bytes);
    this.released = true;
  }
}
