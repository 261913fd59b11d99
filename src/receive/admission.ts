import { OtlpDeltaError } from '../errors.js';

export interface AdmissionLimits {
  /** Bytes of request bodies held at once, from reading to spooling. */
  maxInFlightBytes: number;
  /**
   * The resident memory the process must stay under; requests are refused from 70% of it, leaving
   * the rest for the requests already in flight (the Collector's memory_limiter limit and spike).
   * 0 turns the check off.
   */
  memoryLimitBytes: number;
  retryAfterSeconds: number;
}

/**
 * Keeps memory bounded however fast clients send: a request is refused with 503 and Retry-After
 * (which OTLP exporters honour) while the bodies in flight or the process's resident memory are
 * past their limits, as the Collector's memory_limiter does. The first request is always let in,
 * so that one body larger than the in-flight limit cannot wedge the service.
 */
const SOFT_LIMIT = 0.7;

export class Admission {
  private inFlight = 0;
  private rss = 0;
  private readonly sampler: NodeJS.Timeout;

  constructor(private readonly limits: AdmissionLimits) {
    this.rss = process.memoryUsage.rss();
    // Sampled rather than read per request: rss() is a syscall and memory moves slowly.
    this.sampler = setInterval(() => (this.rss = process.memoryUsage.rss()), 100);
    this.sampler.unref();
  }

  /** Reserves `bytes` (the Content-Length, or 0 when unknown) or throws a 503. */
  admit(bytes: number): Ticket {
    if (this.overMemory()) {
      throw this.unavailable(`the service is near its memory limit of ${this.limits.memoryLimitBytes} bytes`);
    }
    if (this.inFlight > 0 && this.inFlight + bytes > this.limits.maxInFlightBytes) {
      throw this.unavailable(`too many request bytes in flight (limit ${this.limits.maxInFlightBytes})`);
    }
    this.inFlight += bytes;
    return new Ticket(this, bytes);
  }

  overMemory(): boolean {
    return this.limits.memoryLimitBytes > 0 && this.rss > this.limits.memoryLimitBytes * SOFT_LIMIT;
  }

  inFlightBytes(): number {
    return this.inFlight;
  }

  /** @internal */
  adjust(delta: number): void {
    this.inFlight += delta;
  }

  close(): void {
    clearInterval(this.sampler);
  }

  private unavailable(why: string): OtlpDeltaError {
    return new OtlpDeltaError('UNAVAILABLE', `${why}; retry later`, this.limits.retryAfterSeconds);
  }
}

/** The bytes one request holds; resized once its body is read, released when it is answered. */
export class Ticket {
  private released = false;

  constructor(
    private readonly admission: Admission,
    private bytes: number,
  ) {}

  resize(bytes: number): void {
    if (this.released) return;
    this.admission.adjust(bytes - this.bytes);
    this.bytes = bytes;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.admission.adjust(-this.bytes);
  }
}
