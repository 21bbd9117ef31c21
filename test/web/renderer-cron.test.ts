// The schedule preview a person reads under each cron field.
import { describe, expect, it } from 'vitest';
import { cronToWords, isoDaysToWords } from '../../renderer/features/settings/cron-words.ts';

describe('cronToWords', () => {
  it.each([
    ['*/15 * * * *', undefined, undefined, 'every 15 minutes'],
    ['* * * * *', undefined, undefined, 'every minute'],
    ['*/1 * * * *', undefined, undefined, 'every minute'],
    ['0 * * * *', undefined, undefined, 'every hour, on the hour'],
    ['30 * * * *', undefined, undefined, 'every hour at 30 past'],
    ['0 */2 * * *', undefined, undefined, 'every 2 hours at the hour'],
    ['0 6 * * *', undefined, undefined, 'at 6:00'],
    ['30 8,14 * * *', undefined, undefined, 'at 8:30 and 14:30'],
    ['0 7 * * 1-5', undefined, undefined, 'at 7:00, Monday to Friday'],
    ['0 7 * * MON-FRI', undefined, undefined, 'at 7:00, Monday to Friday'],
    ['*/10 6-20 * * 1-5', undefined, undefined, 'every 10 minutes, 6:00 to 20:59, Monday to Friday'],
    ['0 2 1 * *', undefined, undefined, 'at 2:00, on day 1 of the month'],
    ['0 0 * * 0,6', undefined, undefined, 'at 0:00, Saturday and Sunday'],
    ['0 */15 * * * *', undefined, undefined, 'every 15 minutes'],
    ['0 0 */6 * * *', undefined, undefined, 'every 6 hours at the hour'],
    ['*/5 * * * * *', undefined, undefined, undefined],
  ])('%s reads as %s', (cron, window, days, words) => {
    expect(cronToWords(cron, window, days)).toBe(words);
  });

  it('adds the working-hours window and the weekdays of the settings', () => {
    expect(cronToWords('*/15 * * * *', '06:00-20:00', [1, 2, 3, 4, 5])).toBe(
      'every 15 minutes, 6:00 to 20:00, Monday to Friday',
    );
    expect(cronToWords('0 * * * *', undefined, [1, 4])).toBe('every hour, on the hour, Monday and Thursday');
  });

  it('gives up on what it cannot say plainly rather than saying something wrong', () => {
    for (const cron of ['5/10 * * * *', 'L * * * *', '0 0 L * *', '0 0 * * 1#2', 'nonsense', '* * *']) {
      expect(cronToWords(cron)).toBeUndefined();
    }
  });
});

describe('isoDaysToWords', () => {
  it('names ranges, lists and every day', () => {
    expect(isoDaysToWords([1, 2, 3, 4, 5])).toBe('Monday to Friday');
    expect(isoDaysToWords([6, 7])).toBe('Saturday and Sunday');
    expect(isoDaysToWords([1, 3, 5])).toBe('Monday, Wednesday and Friday');
    expect(isoDaysToWords([1, 2, 3, 4, 5, 6, 7])).toBeUndefined();
  });
});
