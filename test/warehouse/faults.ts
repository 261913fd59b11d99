import type { Fault, FaultStatus } from './types.js';

export interface PendingFault {
  fault: Fault;
  status: FaultStatus;
}

/** Faults waiting for the next ExecuteStatement calls, first in first out. */
export class FaultQueue {
  private readonly queue: PendingFault[] = [];

  add(fault: Fault, count = 1, status: FaultStatus = {}): void {
    if (!Number.isInteger(count) || count < 1) throw new Error(`failNext: count must be a positive integer, got ${count}`);
    for (let i = 0; i < count; i++) this.queue.push({ fault, status: { ...status } });
  }

  /** The fault for this ExecuteStatement call, if any. */
  take(): PendingFault | undefined {
    return this.queue.shift();
  }

  clear(): void {
    this.queue.length = 0;
  }
}
