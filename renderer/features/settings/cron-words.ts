// A schedule in words ("every 15 minutes, 6:00 to 20:00, Monday to Friday") for the common cron patterns;
// anything else returns undefined and the screen shows the expression itself. Pure; tested in
// test/web/renderer-cron.test.ts.

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const INT = /^\d+$/;

function plural(n: number, unit: string): string {
  return n === 1 ? unit : `${n} ${unit}s`;
}

function time(hour: number, minute: number): string {
  return `${hour}:${String(minute).padStart(2, '0')}`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** ISO weekdays (1 = Monday ... 7 = Sunday) as words: "Monday to Friday", "Monday and Thursday". */
export function isoDaysToWords(days: readonly number[]): string | undefined {
  const unique = [...new Set(days.map((d) => (d === 0 ? 7 : d)))]
    .filter((d) => d >= 1 && d <= 7)
    .sort((a, b) => a - b);
  if (unique.length === 0 || unique.length === 7) return undefined;
  const name = (d: number) => DAY_NAMES[d % 7]!;
  const contiguous = unique.every((d, i) => i === 0 || d === unique[i - 1]! + 1);
  if (contiguous && unique.length >= 3) return `${name(unique[0]!)} to ${name(unique.at(-1)!)}`;
  return list(unique.map(name));
}

/** Expands a cron field of plain numbers, ranges and lists ("1-5", "1,3,5"); undefined for anything else. */
function numbers(field: string, min: number, max: number): number[] | undefined {
  const out: number[] = [];
  for (const part of field.split(',')) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (from > to || from < min || to > max) return undefined;
      for (let n = from; n <= to; n++) out.push(n);
    } else if (INT.test(part) && Number(part) >= min && Number(part) <= max) out.push(Number(part));
    else return undefined;
  }
  return out;
}

function weekdays(field: string): string | undefined | null {
  if (field === '*' || field === '?') return undefined;
  const named = field
    .toUpperCase()
    .replace(/MON|TUE|WED|THU|FRI|SAT|SUN/g, (d) =>
      String(['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'].indexOf(d)),
    );
  const days = numbers(named, 0, 7);
  if (!days) return null;
  return isoDaysToWords(days) ?? undefined;
}

function hoursRange(field: string): string | undefined | null {
  if (field === '*') return undefined;
  const range = /^(\d+)-(\d+)$/.exec(field);
  if (range && Number(range[1]) <= Number(range[2]) && Number(range[2]) <= 23)
    return `${time(Number(range[1]), 0)} to ${time(Number(range[2]), 59)}`;
  return null;
}

function frequency(minute: string, hour: string): string | undefined {
  const step = /^\*\/(\d+)$/.exec(minute);
  const hourStep = /^\*\/(\d+)$/.exec(hour);
  const hours = hour === '*' || /^\d+-\d+$/.test(hour);
  if (minute === '*' && hours) {
    const range = hoursRange(hour);
    return range === null ? undefined : ['every minute', range].filter(Boolean).join(', ');
  }
  if (step && hours) {
    const range = hoursRange(hour);
    if (range === null) return undefined;
    return [`every ${plural(Number(step[1]), 'minute')}`, range].filter(Boolean).join(', ');
  }
  if (INT.test(minute) && Number(minute) < 60) {
    const m = Number(minute);
    if (hour === '*') return m === 0 ? 'every hour, on the hour' : `every hour at ${m} past`;
    if (hourStep)
      return `every ${plural(Number(hourStep[1]), 'hour')} at ${m === 0 ? 'the hour' : `${m} past`}`;
    if (/^\d+-\d+$/.test(hour)) {
      const range = hoursRange(hour);
      return range ? `every hour at ${m === 0 ? 'the hour' : `${m} past`}, ${range}` : undefined;
    }
    const at = numbers(hour, 0, 23);
    if (at) return `at ${list(at.map((h) => time(h, m)))}`;
  }
  return undefined;
}

/**
 * The schedule in words. `window` ("06:00-20:00") and `days` (ISO weekdays) are the settings that narrow a
 * schedule beside its cron expression; they win over the cron's own weekday field when given.
 */
export function cronToWords(cron: string, window?: string, days?: readonly number[]): string | undefined {
  let fields = cron.trim().split(/\s+/);
  if (fields.length === 6) {
    // Seconds first (croner's six-field form): only a fixed second is common enough to describe.
    if (!INT.test(fields[0]!)) return undefined;
    fields = fields.slice(1);
  }
  if (fields.length !== 5) return undefined;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const freq = frequency(minute, hour);
  if (freq === undefined) return undefined;
  const parts = [freq];
  if (dom !== '*' && dom !== '?') {
    const dates = numbers(dom, 1, 31);
    if (!dates) return undefined;
    parts.push(`on day ${list(dates.map(String))} of the month`);
  }
  if (month !== '*') {
    const months = numbers(month, 1, 12);
    if (!months) return undefined;
    parts.push(`in ${list(months.map((m) => MONTH_NAMES[m - 1]!))}`);
  }
  const windowMatch = window ? /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(window) : null;
  if (windowMatch) {
    parts.push(
      `${time(Number(windowMatch[1]), Number(windowMatch[2]))} to ${time(Number(windowMatch[3]), Number(windowMatch[4]))}`,
    );
  }
  const dayWords = days && days.length > 0 ? isoDaysToWords(days) : weekdays(dow);
  if (dayWords === null) return undefined;
  if (dayWords) parts.push(dayWords);
  return parts.join(', ');
}
