// Switchable faults for every simulator: added latency, 429 and 503 rates, connection resets, hangs and
// "lost replies" (the write is applied, then the connection drops before the answer: the case that makes
// duplicates). Rates are probabilities in [0, 1] drawn from a seeded generator, so a fault run repeats.
import { z } from 'zod';
import { seededRandom, type Random } from './random.ts';

export const faultConfigSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  rate429: z.number().min(0).max(1).default(0),
  rate503: z.number().min(0).max(1).default(0),
  resetRate: z.number().min(0).max(1).default(0),
  hangRate: z.number().min(0).max(1).default(0),
  lostReplyRate: z.number().min(0).max(1).default(0),
  /** Only requests whose path contains this text are affected (empty: all but /__sandbox/). */
  pathContains: z.string().default(''),
  /** Only these HTTP methods are affected (empty: all). */
  methods: z.array(z.string()).default([]),
  seed: z.number().int().default(1),
});
export type FaultConfig = z.infer<typeof faultConfigSchema>;

export type FaultDecision = 'none' | '429' | '503' | 'reset' | 'hang' | 'lost-reply';

export class FaultInjector {
  private config: FaultConfig = faultConfigSchema.parse({});
  private random: Random = seededRandom(1);
  readonly injected: Record<Exclude<FaultDecision, 'none'>, number> = {
    '429': 0,
    '503': 0,
    reset: 0,
    hang: 0,
    'lost-reply': 0,
  };

  get current(): FaultConfig {
    return this.config;
  }

  set(input: unknown): FaultConfig {
    this.config = faultConfigSchema.parse(input);
    this.random = seededRandom(this.config.seed);
    return this.config;
  }

  clear(): void {
    this.set({});
  }

  decide(method: string, path: string): FaultDecision {
    const c = this.config;
    if (path.startsWith('/__sandbox')) return 'none';
    if (c.pathContains && !path.includes(c.pathContains)) return 'none';
    if (c.methods.length > 0 && !c.methods.includes(method.toUpperCase())) return 'none';
    const draw = this.random();
    const table: [Exclude<FaultDecision, 'none'>, number][] = [
      ['429', c.rate429],
      ['503', c.rate503],
      ['reset', c.resetRate],
      ['hang', c.hangRate],
      ['lost-reply', c.lostReplyRate],
    ];
    let edge = 0;
    for (const [kind, rate] of table) {
      edge += rate;
      if (draw < edge) {
        this.injected[kind] += 1;
        return kind;
      }
    }
    return 'none';
  }
}
