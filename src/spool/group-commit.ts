/** One submitted item, and the settling of its caller's promise. */
export interface Pending<T, R> {
  readonly item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit, as databases do it for their write-ahead logs: callers submit one item each, and a
 * single loop hands everything that queued up while the previous flush was running to the next
 * flush. N concurrent appends then cost one write and one fdatasync rather than N, and the group
 * grows by itself with the load, because a slower fsync lets more callers queue up behind it.
 *
 * Items reach `flush` in submission order, and one flush runs at a time. `flush` settles each entry
 * it is given; if it throws, the entries it left unsettled are rejected with its error.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly flush: (batch: Pending<T, R>[]) => Promise<void>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Resolves once the queue is empty and no flush is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    // Yield once, so that what the running code submits next (a loop of appends) joins the first group.
    await Promise.resolve();
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.flush(batch);
        } catch (error) {
          // Settling twice is a no-op, so this rejects only what the flush left unsettled.
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
