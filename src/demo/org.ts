import type { Rng } from './random.js';

export type DemoAgent = 'claude_code' | 'codex' | 'gemini_cli';

/** One developer of the demo organisation, with each agent's identities. */
export interface Developer {
  readonly email: string;
  readonly team: string;
  readonly department: string;
  /** Claude Code's `user.account_uuid` and install `user.id`. */
  readonly accountUuid: string;
  readonly installId: string;
  /** Codex's `user.account_id`. */
  readonly accountId: string;
  /** Gemini CLI's `installation.id`. */
  readonly installationId: string;
  /** Relative use of each agent. */
  readonly mix: readonly (readonly [DemoAgent, number])[];
  /** Sessions on a working day, on average. */
  readonly sessionsPerDay: number;
}

const TEAMS = [
  ['payments', 'eng'],
  ['platform', 'eng'],
  ['mobile', 'eng'],
  ['data', 'analytics'],
  ['web', 'eng'],
  ['security', 'it'],
] as const;

const FIRST = ['ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo', 'kofi', 'lena', 'mo', 'nia', 'omar', 'pia', 'quin', 'raj', 'sara', 'tom'];

export function organisation(rng: Rng, developers: number): Developer[] {
  return Array.from({ length: developers }, (_, i) => {
    const [team, department] = TEAMS[i % TEAMS.length];
    const main = rng.weighted<DemoAgent>([['claude_code', 6], ['codex', 3], ['gemini_cli', 2]]);
    const mix: (readonly [DemoAgent, number])[] = [[main, 8]];
    for (const other of ['claude_code', 'codex', 'gemini_cli'] as const) if (other !== main && rng.chance(0.3)) mix.push([other, 2]);
    return {
      email: `${FIRST[i % FIRST.length]}.${Math.floor(i / FIRST.length) + 1}@example.com`,
      team,
      department,
      accountUuid: rng.uuid(),
      installId: rng.uuid().replace(/-/g, ''),
      accountId: `acct_${rng.uuid().slice(0, 8)}`,
      installationId: rng.uuid(),
      mix,
      sessionsPerDay: 0.5 + rng.next() * 2.5,
    };
  });
}

/** A session to generate: who, which agent, when it starts, how many prompts. */
export interface SessionPlan {
  readonly dev: Developer;
  readonly agent: DemoAgent;
  readonly startMs: number;
  readonly prompts: number;
}

const DAY = 86_400_000;

/**
 * The sessions of `days` days ending at `endMs`: fewer on weekends, during working hours (UTC),
 * each ending before `endMs`.
 */
export function schedule(rng: Rng, devs: readonly Developer[], days: number, endMs: number): SessionPlan[] {
  const firstDay = Math.floor(endMs / DAY) - days + 1;
  const plans: SessionPlan[] = [];
  for (let day = firstDay; day < firstDay + days; day++) {
    const weekday = new Date(day * DAY).getUTCDay();
    const load = weekday === 0 || weekday === 6 ? 0.15 : 1;
    for (const dev of devs) {
      let n = 0;
      const expected = dev.sessionsPerDay * load;
      while (n < 6 && rng.next() < expected / (n + 1)) n++;
      for (let k = 0; k < n; k++) {
        const startMs = day * DAY + rng.int(7 * 60, 18 * 60) * 60_000 + rng.int(0, 59_999);
        const prompts = rng.int(1, 8);
        // Sessions run at most ~ 8 prompts x 4 minutes; keep the whole session in the past.
        if (startMs + prompts * 5 * 60_000 > endMs) continue;
        plans.push({ dev, agent: rng.weighted(dev.mix), startMs, prompts });
      }
    }
  }
  return plans.sort((a, b) => a.startMs - b.startMs);
}
