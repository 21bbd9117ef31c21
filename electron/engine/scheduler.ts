// Cron-style schedules per flow (croner), inside working-hours windows, one run per flow at a time,
// paused and resumed as a whole. After the machine sleeps through a planned run, the run happens once on wake
// (croner's timers fire late, not twice; `catchUp` covers a planned run missed entirely).
import { Cron } from 'croner';
import type { FlowName } from '../../shared/domain/status.ts';
import type { Schedule } from '../../shared/settings.ts';
import { insideWindow } from './schedule-window.ts';

export type RunTrigger = 'schedule' | 'manual' | 'event';
export type FlowRunner = (flow: FlowName, trigger: RunTrigger) => Promise<void>;

interface Slot {
  readonly schedule: Schedule;
  readonly cron: Cron;
  running: Promise<void> | undefined;
  /** When the cron last fired for this slot (inside the window or not): a late fire on wake counts. */
  lastFired: number | undefined;
}

export class Scheduler {
  readonly #slots = new Map<FlowName, Slot>();
  readonly #runner: FlowRunner;
  #paused = false;

  constructor(runner: FlowRunner) {
    this.#runner = runner;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Replaces every schedule (called on start and whenever the settings change). */
  configure(schedules: Partial<Record<FlowName, Schedule>>, enabled: (flow: FlowName) => boolean): void {
    this.stop();
    for (const [flow, schedule] of Object.entries(schedules) as [FlowName, Schedule][]) {
      if (!schedule.enabled || !enabled(flow)) continue;
      const slot: Slot = {
        schedule,
        running: undefined,
        lastFired: undefined,
        cron: new Cron(schedule.cron, { paused: this.#paused, protect: true }, () => {
          slot.lastFired = Date.now();
          if (!insideWindow(schedule, new Date())) return;
          void this.trigger(flow, 'schedule');
        }),
      };
      this.#slots.set(flow, slot);
    }
  }

  /** Starts a run of `flow` unless one is already going; resolves when that run ends. */
  trigger(flow: FlowName, trigger: RunTrigger): Promise<void> {
    const slot = this.#slots.get(flow);
    const existing = slot?.running ?? this.#adhoc.get(flow);
    if (existing) return existing;
    const run = this.#runner(flow, trigger).finally(() => {
      if (slot) slot.running = undefined;
      this.#adhoc.delete(flow);
    });
    if (slot) slot.running = run;
    else this.#adhoc.set(flow, run);
    return run;
  }

  readonly #adhoc = new Map<FlowName, Promise<void>>();

  isRunning(flow: FlowName): boolean {
    return Boolean(this.#slots.get(flow)?.running ?? this.#adhoc.get(flow));
  }

  /** The next fire time inside the window, looking ahead over the next planned runs. */
  nextRun(flow: FlowName): Date | undefined {
    const slot = this.#slots.get(flow);
    if (!slot || this.#paused) return undefined;
    return slot.cron.nextRuns(500).find((at) => insideWindow(slot.schedule, at));
  }

  pause(): void {
    this.#paused = true;
    for (const slot of this.#slots.values()) slot.cron.pause();
  }

  resume(): void {
    this.#paused = false;
    for (const slot of this.#slots.values()) slot.cron.resume();
  }

  /**
   * After a wake from sleep: run once each flow that had a planned time inside its window while the machine
   * slept and whose cron has not fired since (croner's overdue timer may already have fired on wake: that run
   * counts). Nothing starts when the machine wakes outside the flow's window; the next planned run will come.
   */
  catchUp(sleptSince: Date): void {
    if (this.#paused) return;
    const now = new Date();
    for (const [flow, slot] of this.#slots) {
      if (slot.running || !insideWindow(slot.schedule, now)) continue;
      const missed = slot.cron
        .nextRuns(500, sleptSince)
        .filter((at) => at.getTime() <= now.getTime() && insideWindow(slot.schedule, at))
        .at(-1);
      if (!missed) continue;
      if (slot.lastFired !== undefined && slot.lastFired >= missed.getTime()) continue;
      void this.trigger(flow, 'schedule');
    }
  }

  /** Waits for runs in progress (used on quit so a run is not cut mid-transaction by our own hand). */
  async drain(): Promise<void> {
    await Promise.allSettled([...[...this.#slots.values()].map((s) => s.running), ...this.#adhoc.values()]);
  }

  stop(): void {
    for (const slot of this.#slots.values()) slot.cron.stop();
    this.#slots.clear();
  }
}
