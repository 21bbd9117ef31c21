// `npm run bench:expensify`: thousands of Expensify reports through the road against the sandbox with the
// simulator's rate limit on. Prints reports per minute against the bound the rate limit sets, and how many
// 429s were met (target: none). Asserts nothing.
//
// Time: the documented windows (5 calls per 10 s, 20 per 60 s) would make a run of thousands of reports take
// many minutes, so the run itself uses windows scaled by 1/SCALE on BOTH sides: the simulator's limiter and
// the engine's pacer (and its 1 s safety margin). That shows the pacing holds (no 429) with the real code. The
// real-time figure is then worked out, not guessed: every Expensify call of the run is recorded from the
// process's shared pacer (the one the engine's client uses): when it was asked for, started and answered. The
// local work between calls (staging, validation, HTTP to the local simulator) is replayed as measured, and the
// calls are placed under the documented windows with the pacer's own rule (a call counts from its answer,
// plus the margin). Replaying with the scaled windows reproduces the measured wall time (printed as a check).
// Real Expensify answers slower than the local simulator; since a call counts from its answer, that would add
// to the real figure and is not modelled. Posting to QAD is not governed by Expensify's limit and runs in a
// second leg, timed on the wall clock.
import { sharedPacer } from '../electron/connectors/expensify/index.ts';
import {
  exportableReportIds,
  expensifyLabelCounts,
  flowFixture,
  ledgerDocuments,
  openPacedExpensifyEngine,
  patchConfig,
  qadReferences,
  shrinkExpensifyWindows,
} from '../test/flows/support.ts';

const SCALE = 20;
const REPORTS = Number(process.env.MLC_BENCH_REPORTS ?? 3000);
const PAGE_SIZE = 200;
/** Report ids per marking job (source-adapter.ts MARK_CHUNK). */
const MARK_CHUNK = 100;
const REAL = { short: { limit: 5, ms: 10_000 }, long: { limit: 20, ms: 60_000 }, marginMs: 1000 };
const windows = [
  { limit: REAL.short.limit, windowMs: REAL.short.ms / SCALE },
  { limit: REAL.long.limit, windowMs: REAL.long.ms / SCALE },
];

const f = await flowFixture({ seed: 77, expensifyReports: REPORTS, sources: ['expensify'] });
shrinkExpensifyWindows(f.sandbox, windows);
patchConfig(f, (config) => {
  config.expensify = { ...config.expensify, pageSize: PAGE_SIZE };
  // Leg 1 stages only; leg 2 releases and posts.
  config.posting = { ...config.posting, autoRelease: [] };
});
const paced = { rateWindows: windows, rateMarginMs: REAL.marginMs / SCALE };

// The pacer the engine's client will take (one per URL, partner user, windows and margin in this process).
const pacer = sharedPacer(
  f.sandbox.expensify.url,
  f.sandbox.expensify.credentials.partnerUserID,
  windows,
  paced.rateMarginMs,
);
interface CallTiming {
  asked: number;
  started: number;
  answered: number;
}
const timings: CallTiming[] = [];
const schedule = pacer.schedule.bind(pacer);
pacer.schedule = <T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
  const timing: CallTiming = { asked: performance.now(), started: 0, answered: 0 };
  timings.push(timing);
  return schedule(async () => {
    timing.started = performance.now();
    try {
      return await task();
    } finally {
      timing.answered = performance.now();
    }
  }, signal);
};

/**
 * Replays the recorded calls (sequential, as one flow sends them) under `limits`: local gaps as measured, each
 * call started as soon as every window has room, counting finished calls from their answer plus the margin.
 * Answers the total time from `from` to `to` and each call's start, in ms from `from`.
 */
function replay(
  calls: readonly CallTiming[],
  from: number,
  to: number,
  limits: readonly { limit: number; windowMs: number }[],
  marginMs: number,
): { totalMs: number; starts: number[] } {
  let t = 0;
  let previousAnswer = from;
  const ends: number[] = [];
  const starts: number[] = [];
  for (const call of calls) {
    t += Math.max(0, call.asked - previousAnswer);
    for (let moved = true; moved;) {
      moved = false;
      for (const w of limits) {
        const span = w.windowMs + marginMs;
        // `e + span > t`, the very sum assigned below, so a call that just aged out is out (no float drift).
        const inWindow = ends.filter((e) => e + span > t);
        const oldest = inWindow[inWindow.length - w.limit];
        if (inWindow.length >= w.limit && oldest !== undefined && oldest + span > t) {
          t = oldest + span;
          moved = true;
        }
      }
    }
    starts.push(t);
    t += call.answered - call.started;
    ends.push(t);
    previousAnswer = call.answered;
  }
  return { totalMs: t + Math.max(0, to - previousAnswer), starts };
}

let engine = await openPacedExpensifyEngine(f, paced);
await engine.runCycle('masterData', 'manual');
const exportable = exportableReportIds(f.sandbox).length;
const calls = f.sandbox.expensify.server.requests;
calls.length = 0;

// --- leg 1: Expensify (rate-limited) --------------------------------------------------------------------------
const started = process.hrtime.bigint();
const legFrom = performance.now();
let cycles = 0;
for (;;) {
  const cycle = await engine.runCycle('expensify', 'manual');
  cycles += 1;
  const done = ledgerDocuments(f.dataDir, 'expensify').size;
  process.stderr.write(
    `cycle ${cycles}: ${cycle.counts.expensify.fetched} fetched, ${done} of ${exportable} staged\n`,
  );
  if (done >= exportable || cycle.counts.expensify.fetched === 0 || cycles >= 100) break;
}
const scaledMs = Number(process.hrtime.bigint() - started) / 1e6;
const legTo = performance.now();
const legTimings = [...timings];
const legCalls = calls.length;
const tail = await engine.runCycle('expensify', 'manual');
await engine.stop();

// --- leg 2: QAD posting (not governed by Expensify's limit) ------------------------------------------------------
patchConfig(f, (config) => {
  config.posting = { ...config.posting, autoRelease: ['expensify'] };
});
engine = await openPacedExpensifyEngine(f, paced);
const postStarted = process.hrtime.bigint();
const posting = await engine.runCycle('expensify', 'manual');
const postMs = Number(process.hrtime.bigint() - postStarted) / 1e6;
await engine.stop();

// --- figures ----------------------------------------------------------------------------------------------------
const staged = ledgerDocuments(f.dataDir, 'expensify').size;
const labelled = expensifyLabelCounts(f.sandbox);
const twiceLabelled = [...labelled.values()].filter((n) => n > 1).length;
const twicePosted = [...qadReferences(f.sandbox).values()].filter((n) => n > 1).length;
const realWindows = [
  { limit: REAL.short.limit, windowMs: REAL.short.ms },
  { limit: REAL.long.limit, windowMs: REAL.long.ms },
];
const real = replay(legTimings, legFrom, legTo, realWindows, REAL.marginMs);
const realMs = real.totalMs;
const checkMs = replay(legTimings, legFrom, legTo, windows, paced.rateMarginMs).totalMs;
const localMs = replay(legTimings, legFrom, legTo, [{ limit: 1e9, windowMs: 1 }], 0).totalMs;
// What the limit allows this very run: call k (from 0) cannot start before floor(k / limit) windows (plus
// margin) have passed, whatever the local work; the last call's start is the shortest possible run.
const lastCall = legTimings.length - 1;
const minimumMs = Math.max(
  Math.floor(lastCall / REAL.short.limit) * (REAL.short.ms + REAL.marginMs),
  Math.floor(lastCall / REAL.long.limit) * (REAL.long.ms + REAL.marginMs),
);
const realMinutes = realMs / 60_000;
const perMinute = staged / realMinutes;
const callsPerCycle = 2 + 2 * Math.ceil(PAGE_SIZE / MARK_CHUNK);
const callsPerMinute = Math.min(
  (REAL.short.limit * 60_000) / REAL.short.ms,
  (REAL.long.limit * 60_000) / REAL.long.ms,
);
const bound = (callsPerMinute * PAGE_SIZE) / callsPerCycle;
const boundWithMargin =
  (Math.min(
    (REAL.short.limit * 60_000) / (REAL.short.ms + REAL.marginMs),
    (REAL.long.limit * 60_000) / (REAL.long.ms + REAL.marginMs),
  ) *
    PAGE_SIZE) /
  callsPerCycle;
const limiter429 = f.sandbox.expensify.state.rateLimited;
const any429 = calls.filter((c) => c.status === 429).length;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.log(
  `Expensify road, sandbox, rate limit on; windows scaled 1/${SCALE} on both sides ` +
    `(${windows.map((w) => `${w.limit} per ${w.windowMs} ms`).join(', ')}; pacer margin ${paced.rateMarginMs} ms)`,
);
console.log(`reports in Expensify          ${fmt(REPORTS)} (${fmt(exportable)} approved or reimbursed)`);
console.log(
  `page size / marking chunk     ${PAGE_SIZE} / ${MARK_CHUNK} -> ${callsPerCycle} calls per full cycle`,
);
console.log(
  `cycles / Expensify calls      ${cycles} / ${legCalls} (+${calls.length - legCalls} for the final empty export)`,
);
console.log(
  `staged and labelled           ${fmt(staged)} staged, ${fmt(labelled.size)} labelled, ${twiceLabelled} labelled twice`,
);
console.log(
  `elapsed (scaled run)          ${fmt(scaledMs / 1000, 1)} s wall; replayed with the scaled windows ${fmt(checkMs / 1000, 1)} s (check), ` +
    `without any limit ${fmt(localMs / 1000, 1)} s`,
);
console.log(
  `elapsed under the real limit  ${fmt(realMinutes, 1)} min (replay of the ${legTimings.length} recorded calls under 5/10 s and 20/60 s)`,
);
console.log(
  `throughput (real time)        ${fmt(perMinute)} reports/min, ${fmt(legTimings.length / realMinutes, 1)} calls/min`,
);
console.log(
  `bound set by the rate limit   steady state ${fmt(bound)} reports/min (${callsPerMinute} calls/min x ${PAGE_SIZE} reports / ` +
    `${callsPerCycle} calls), ${fmt(boundWithMargin)} with the pacer's ${REAL.marginMs} ms margin`,
);
console.log(
  `                              this run's ${legTimings.length} calls need at least ${fmt(minimumMs / 60_000, 2)} min ` +
    `= ${fmt(staged / (minimumMs / 60_000))} reports/min; achieved ${fmt((100 * minimumMs) / realMs)} % of that`,
);
console.log(
  `429s answered by Expensify    ${limiter429} by the limiter, ${any429} HTTP 429 in the request log`,
);
console.log(
  `QAD posting leg               ${fmt(posting.counts.expensify.posted)} posted in ${fmt(postMs / 1000, 1)} s wall ` +
    `(${fmt((posting.counts.expensify.posted * 60_000) / postMs)} documents/min), ${twicePosted} posted twice`,
);
if (tail.counts.expensify.fetched !== 0)
  console.log(`! the final export still returned ${tail.counts.expensify.fetched} report(s)`);
await f.sandbox.close();
