// Pure helpers for working-hours windows and readable schedule previews. A schedule fires on its cron
// pattern, but only inside its window ("06:00-20:00") and on its ISO weekdays; fire times outside are skipped.
import type { Schedule } from '../../shared/settings.ts';

function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** ISO weekday of a local date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: Date): number {
  const day = date.getDay();
  return day === 0 ? 7 : day;
}

export function insideWindow(schedule: Pick<Schedule, 'window' | 'days'>, at: Date): boolean {
  if (schedule.days && !schedule.days.includes(isoWeekday(at))) return false;
  if (!schedule.window) return true;
  const [from = '00:00', to = '23:59'] = schedule.window.split('-');
  const now = at.getHours() * 60 + at.getMinutes();
  const start = minutesOf(from);
  const end = minutesOf(to);
  // A window may cross midnight ("22:00-06:00").
  return start <= end ? now >= start && now <= end : now >= start || now <= end;
}
