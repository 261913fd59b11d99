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
}

/**
 * Keeps memory bounded however fast clients send: a request is refused with 503 and Retry-After
 * (which OTLP exporters honour) while the bodies in flight or the memory in use are past their
 * limits, as the Collector's memory_limiter does. The first request is always let in, so that one
 * body larger than the in-flight limit cannot wedge the service.
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
    const limit = this.limits.memoryLimitBytes;
    return limit > 0 && this.resident > limit * RESIDENT_SHARE && this.inUse > limit * IN_USE_SHARE;
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
