/**
 * Delay before the next attempt of a batch that failed `attempt` times in a row: exponential,
 * capped, with full jitter (so that many tables recovering at once do not retry in lockstep).
 * A delay the sink asked for (e.g. Retry-After) is a floor. There is no limit on attempts: data is
 * never dropped because of its age.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export function backoffDelay(policy: BackoffPolicy, attempt: number, requestedMs = 0, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt - 1, 30));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(requestedMs, Math.round(jittered));
}
