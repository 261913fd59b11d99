/**
 * The records of one request that did not become rows, for the response's `partial_success`
 * (`rejected_data_points` / `rejected_log_records` / `rejected_spans` and `error_message`).
 * Both decode paths count through this, so that they say the same thing.
 */
export class Rejections {
  count = 0;
  private first = '';

  constructor(
    private readonly singular: string,
    private readonly plural: string,
  ) {}

  /** One record rejected, for the reason given (a field and what is wrong with it). */
  add(reason: string): void {
    if (this.count === 0) this.first = reason;
    this.count++;
  }

  /** The `error_message` part about these records; `''` when none was rejected. */
  message(): string {
    if (this.count === 0) return '';
    if (this.count === 1) return `1 ${this.singular} was rejected: ${this.first}`;
    return `${this.count} ${this.plural} were rejected; the first: ${this.first}`;
  }
}

/** The sentences of an `error_message`, the empty ones left out. */
export function joinMessages(...messages: string[]): string {
  return messages.filter((m) => m !== '').join('; ');
}
