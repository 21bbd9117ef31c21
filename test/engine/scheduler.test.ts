// The scheduler as a controller relies on it: runs only inside the working-hours window and on the chosen
// weekdays, never two runs of one flow at once, nothing while paused, a truthful "next run", and one run after
// the laptop sleeps through a planned one. Cron-driven cases use fake timers (croner reads Date and
// setTimeout), so nothing waits in real time; all dates are local, like the windows.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlowName } from '../../shared/domain/status.ts';
import { scheduleSchema, type Schedule } from '../../shared/settings.ts';
import { insideWindow, isoWeekday } from '../../electron/engine/schedule-window.ts';
import { Scheduler, type RunTrigger } from '../../electron/engine/scheduler.ts';

/** A local date in the week of Monday 23 November 2026 (23 = Monday ... 29 = Sunday). */
const at = (day: number, hh: number, mm = 0, ss = 0) => new Date(2026, 10, day, hh, mm, ss);
const MON = 23;
const FRI = 27;
const SAT = 28;
const SUN = 29;

const schedule = (input: Partial<Schedule>): Schedule => scheduleSchema.parse(input);

describe('insideWindow', () => {
  const workdays = [1, 2, 3, 4, 5];
  const cases: [string, Partial<Schedule>, Date, boolean][] = [
    ['no window, no days: always', {}, at(SUN, 3, 17), true],
    ['inside a day window', { window: '06:00-20:00' }, at(MON, 12), true],
    ['at the first minute', { window: '06:00-20:00' }, at(MON, 6, 0), true],
    ['just before it opens', { window: '06:00-20:00' }, at(MON, 5, 59, 59), false],
    ['in the last minute (the end is inclusive)', { window: '06:00-20:00' }, at(MON, 20, 0, 59), true],
    ['just after it closes', { window: '06:00-20:00' }, at(MON, 20, 1), false],
    ['midnight-crossing, late evening', { window: '22:00-06:00' }, at(MON, 23, 30), true],
    ['midnight-crossing, at midnight', { window: '22:00-06:00' }, at(MON, 0, 0), true],
    ['midnight-crossing, early morning', { window: '22:00-06:00' }, at(MON, 5, 45), true],
    ['midnight-crossing, midday', { window: '22:00-06:00' }, at(MON, 12), false],
    ['midnight-crossing, just after it closes', { window: '22:00-06:00' }, at(MON, 6, 1), false],
    ['a weekday on the list', { days: workdays }, at(FRI, 9), true],
    ['Saturday off the list', { days: workdays }, at(SAT, 9), false],
    ['Sunday is 7, not 0', { days: [7] }, at(SUN, 9), true],
    ['Monday is 1', { days: [1] }, at(MON, 9), true],
    ['weekday and window both hold', { days: workdays, window: '06:00-20:00' }, at(FRI, 19, 30), true],
    ['a weekday but outside the window', { days: workdays, window: '06:00-20:00' }, at(FRI, 21), false],
    ['inside the window but on a weekend', { days: workdays, window: '06:00-20:00' }, at(SUN, 10), false],
    // The weekday is the fire time's own day: Friday's night window does not run on into Saturday morning.
    ['night window, Friday evening', { days: workdays, window: '22:00-06:00' }, at(FRI, 23), true],
    ['night window, Saturday early morning', { days: workdays, window: '22:00-06:00' }, at(SAT, 2), false],
    ['night window, Monday early morning', { days: workdays, window: '22:00-06:00' }, at(MON, 2), true],
  ];
  it.each(cases)('%s', (_name, input, date, expected) => {
    expect(insideWindow(schedule(input), date)).toBe(expected);
  });

  it('numbers ISO weekdays Monday 1 to Sunday 7', () => {
    expect([MON, 24, 25, 26, FRI, SAT, SUN].map((d) => isoWeekday(at(d, 12)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

/** A runner whose runs end only when the test says so. */
function controlledRunner() {
  const calls: { flow: FlowName; trigger: RunTrigger }[] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const runner = (flow: FlowName, trigger: RunTrigger) => {
    calls.push({ flow, trigger });
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return {
    runner,
    calls,
    finish: (i = pending.length - 1) => pending[i]?.resolve(),
    fail: (i = pending.length - 1) => pending[i]?.reject(new Error('run failed')),
  };
}

const always = () => true;

describe('one run per flow at a time', () => {
  it('a second trigger while a run is going returns the same run', async () => {
    const r = controlledRunner();
    const scheduler = new Scheduler(r.runner);
    scheduler.configure({ concur: schedule({ cron: '0 3 * * *' }) }, always);

    const first = scheduler.trigger('concur', 'manual');
    const second = scheduler.trigger('concur', 'schedule');
    expect(second).toBe(first);
    expect(r.calls).toEqual([{ flow: 'concur', trigger: 'manual' }]);
    expect(scheduler.isRunning('concur')).toBe(true);

    r.finish();
    await first;
    expect(scheduler.isRunning('concur')).toBe(false);
    const third = scheduler.trigger('concur', 'manual');
    expect(third).not.toBe(first);
    expect(r.calls).toHaveLength(2);
    r.finish();
    await third;
    scheduler.stop();
  });

  it('holds for a flow without a schedule too (Run now on an unscheduled flow)', async () => {
    const r = controlledRunner();
    const scheduler = new Scheduler(r.runner);
    const first = scheduler.trigger('expensify', 'manual');
    expect(scheduler.trigger('expensify', 'manual')).toBe(first);
    expect(scheduler.isRunning('expensify')).toBe(true);
    r.finish();
    await first;
    expect(scheduler.isRunning('expensify')).toBe(false);
  });

  it('different flows run side by side', async () => {
    const r = controlledRunner();
    const scheduler = new Scheduler(r.runner);
    const concur = scheduler.trigger('concur', 'manual');
    const master = scheduler.trigger('masterData', 'manual');
    expect(master).not.toBe(concur);
    expect(r.calls.map((c) => c.flow)).toEqual(['concur', 'masterData']);
    r.finish(0);
    r.finish(1);
    await Promise.all([concur, master]);
  });

  it('a failed run frees the flow for the next trigger', async () => {
    const r = controlledRunner();
    const scheduler = new Scheduler(r.runner);
    const first = scheduler.trigger('concur', 'manual');
    r.fail();
    await expect(first).rejects.toThrow('run failed');
    expect(scheduler.isRunning('concur')).toBe(false);
    const next = scheduler.trigger('concur', 'manual');
    expect(r.calls).toHaveLength(2);
    r.finish();
    await next;
  });

  it('drain waits for the runs in progress', async () => {
    const r = controlledRunner();
    const scheduler = new Scheduler(r.runner);
    void scheduler.trigger('concur', 'manual');
    let drained = false;
    const draining = scheduler.drain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    r.finish();
    await draining;
    expect(drained).toBe(true);
  });
});

describe('the schedule (fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A scheduler on a fake clock set to `now`, with the given schedules. */
  function scheduled(now: Date, schedules: Partial<Record<FlowName, Partial<Schedule>>>) {
    vi.useFakeTimers({ now });
    const r = controlledRunner();
    const scheduler = new Scheduler(r.runner);
    scheduler.configure(
      Object.fromEntries(Object.entries(schedules).map(([flow, s]) => [flow, schedule(s)])),
      always,
    );
    return { r, scheduler };
  }

  it('fires on the cron pattern inside the window', async () => {
    const { r, scheduler } = scheduled(at(MON, 9, 59, 30), {
      concur: { cron: '0 * * * *', window: '06:00-20:00' },
    });
    await vi.advanceTimersByTimeAsync(31_000);
    expect(r.calls).toEqual([{ flow: 'concur', trigger: 'schedule' }]);
    scheduler.stop();
  });

  it('skips fire times outside the window and on days off', async () => {
    const { r, scheduler } = scheduled(at(FRI, 19, 59, 30), {
      concur: { cron: '0 * * * *', window: '06:00-20:00', days: [1, 2, 3, 4, 5] },
      masterData: { cron: '0 * * * *', days: [1, 2, 3, 4, 5] },
    });
    // 20:00 Friday: the Concur window is still open (inclusive end); master data runs on weekdays.
    await vi.advanceTimersByTimeAsync(31_000);
    expect(r.calls.map((c) => c.flow).sort()).toEqual(['concur', 'masterData']);
    r.finish(0);
    r.finish(1);
    // 21:00 Friday: outside Concur's window; master data runs. Saturday: neither (weekdays only).
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(r.calls.map((c) => c.flow)).toEqual(expect.arrayContaining(['masterData']));
    expect(r.calls).toHaveLength(3);
    r.finish(2);
    vi.setSystemTime(at(SAT, 8, 59, 30));
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    expect(r.calls).toHaveLength(3);
    scheduler.stop();
  });

  it('a run still going when the next slot comes is not doubled', async () => {
    const { r, scheduler } = scheduled(at(MON, 10, 0, 0), { concur: { cron: '* * * * * *' } });
    await vi.advanceTimersByTimeAsync(5_500);
    expect(r.calls).toHaveLength(1);
    r.finish();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(r.calls.length).toBeGreaterThanOrEqual(2);
    scheduler.stop();
  });

  it('pause stops scheduled runs and resume brings them back', async () => {
    const { r, scheduler } = scheduled(at(MON, 9, 59, 30), { concur: { cron: '*/15 * * * *' } });
    scheduler.pause();
    expect(scheduler.paused).toBe(true);
    expect(scheduler.nextRun('concur')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    expect(r.calls).toHaveLength(0);

    scheduler.resume();
    expect(scheduler.paused).toBe(false);
    expect(scheduler.nextRun('concur')).toEqual(at(MON, 10, 45));
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(r.calls).toEqual([{ flow: 'concur', trigger: 'schedule' }]);
    scheduler.stop();
  });

  it('a schedule set up while paused stays paused', async () => {
    vi.useFakeTimers({ now: at(MON, 9, 59, 30) });
    const r = controlledRunner();
    const scheduler = new Scheduler(r.runner);
    scheduler.pause();
    scheduler.configure({ concur: schedule({ cron: '0 * * * *' }) }, always);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(r.calls).toHaveLength(0);
    scheduler.stop();
  });

  it('a manual trigger still runs while paused (Run now)', async () => {
    const { r, scheduler } = scheduled(at(MON, 9, 0), { concur: { cron: '0 * * * *' } });
    scheduler.pause();
    const run = scheduler.trigger('concur', 'manual');
    expect(r.calls).toEqual([{ flow: 'concur', trigger: 'manual' }]);
    r.finish();
    await run;
    scheduler.stop();
  });

  describe('nextRun', () => {
    const cases: [string, Date, Partial<Schedule>, Date | undefined][] = [
      ['the next slot when inside the window', at(MON, 10, 7), { cron: '*/15 * * * *' }, at(MON, 10, 15)],
      [
        'the first slot of tomorrow after the window closed',
        at(MON, 21, 10),
        { cron: '*/15 * * * *', window: '06:00-20:00' },
        at(24, 6, 0),
      ],
      [
        'Monday morning after a Friday evening',
        at(FRI, 21, 0),
        { cron: '*/15 * * * *', window: '06:00-20:00', days: [1, 2, 3, 4, 5] },
        at(30, 6, 0),
      ],
      [
        'a window that crosses midnight opens the same evening',
        at(MON, 12, 0),
        { cron: '0 * * * *', window: '22:00-02:00' },
        at(MON, 22, 0),
      ],
      [
        'nothing when the pattern never meets the window',
        at(MON, 12, 0),
        { cron: '0 3 * * *', window: '09:00-10:00' },
        undefined,
      ],
    ];
    it.each(cases)('%s', (_name, now, input, expected) => {
      const { scheduler } = scheduled(now, { concur: input });
      expect(scheduler.nextRun('concur')).toEqual(expected);
      scheduler.stop();
    });

    it('is undefined for a flow that is off or not scheduled', () => {
      vi.useFakeTimers({ now: at(MON, 12) });
      const scheduler = new Scheduler(controlledRunner().runner);
      scheduler.configure(
        {
          concur: schedule({ enabled: false }),
          masterData: schedule({}),
          expensify: schedule({}),
        },
        (flow) => flow !== 'expensify',
      );
      expect(scheduler.nextRun('concur')).toBeUndefined();
      expect(scheduler.nextRun('expensify')).toBeUndefined();
      expect(scheduler.nextRun('masterData')).toEqual(at(MON, 12, 15));
      scheduler.stop();
    });
  });

  describe('after a sleep', () => {
    /** The laptop sleeps at 09:50 through the 10:00 and 11:00 runs and wakes at 11:30: timers stood still. */
    function sleepThrough(window?: string) {
      const setup = scheduled(at(MON, 9, 50), {
        concur: { cron: '0 * * * *', ...(window ? { window } : {}) },
      });
      const sleptSince = new Date();
      vi.setSystemTime(at(MON, 11, 30));
      return { ...setup, sleptSince };
    }

    it('runs once when the wake event comes before the overdue timer', async () => {
      const { r, scheduler, sleptSince } = sleepThrough();
      scheduler.catchUp(sleptSince);
      await vi.advanceTimersByTimeAsync(31_000);
      expect(r.calls).toEqual([{ flow: 'concur', trigger: 'schedule' }]);
      r.finish();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(r.calls).toHaveLength(1);
      scheduler.stop();
    });

    it('does nothing on wake while paused', async () => {
      const { r, scheduler, sleptSince } = sleepThrough();
      scheduler.pause();
      scheduler.catchUp(sleptSince);
      await vi.advanceTimersByTimeAsync(31_000);
      expect(r.calls).toHaveLength(0);
      scheduler.stop();
    });

    it('does nothing when no planned run fell in the sleep', async () => {
      vi.useFakeTimers({ now: at(MON, 10, 5) });
      const r = controlledRunner();
      const scheduler = new Scheduler(r.runner);
      scheduler.configure({ concur: schedule({ cron: '0 * * * *' }) }, always);
      const sleptSince = new Date();
      vi.setSystemTime(at(MON, 10, 40));
      scheduler.catchUp(sleptSince);
      await vi.advanceTimersByTimeAsync(31_000);
      expect(r.calls).toHaveLength(0);
      scheduler.stop();
    });

    // Croner's overdue timer may fire first on wake (its timeouts are capped at 30 s); that run counts, and
    // catchUp must not start a second one.
    it('runs once when the overdue timer fires before the wake event', async () => {
      const { r, scheduler, sleptSince } = sleepThrough();
      await vi.advanceTimersByTimeAsync(31_000);
      expect(r.calls).toHaveLength(1);
      r.finish();
      await vi.advanceTimersByTimeAsync(0);
      scheduler.catchUp(sleptSince);
      expect(r.calls).toHaveLength(1);
      scheduler.stop();
    });

    // A wake outside working hours starts nothing, even for a planned run missed inside them.
    it('starts nothing when it wakes outside the working window', async () => {
      vi.useFakeTimers({ now: at(MON, 19, 50) });
      const r = controlledRunner();
      const scheduler = new Scheduler(r.runner);
      scheduler.configure({ concur: schedule({ cron: '0 * * * *', window: '06:00-20:00' }) }, always);
      const sleptSince = new Date();
      vi.setSystemTime(at(MON, 22, 30));
      await vi.advanceTimersByTimeAsync(31_000);
      scheduler.catchUp(sleptSince);
      expect(r.calls).toHaveLength(0);
      scheduler.stop();
    });
  });
});
