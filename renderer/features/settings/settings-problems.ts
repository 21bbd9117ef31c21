// Every problem of the settings form at once, in plain words, checked with the same zod schema the engine
// uses (pure; tested in test/web/renderer-settings.test.ts). The engine still validates on save.
import { type Settings, settingsSchema } from '../../../shared/settings.ts';

const FLOWS = ['concur', 'expensify', 'masterData'] as const;

/** Optional values the form holds as '' are left out, so the schema sees them as unset. */
export function cleanSettings(settings: Settings): Settings {
  const schedules = { ...settings.schedules };
  for (const key of FLOWS) {
    const { window, ...rest } = schedules[key];
    schedules[key] = window ? { ...rest, window } : rest;
  }
  const rest = { ...settings.qad.rest };
  if (!rest.openApiPath) delete (rest as { openApiPath?: string }).openApiPath;
  return { ...settings, schedules, qad: { ...settings.qad, rest } };
}

/** zod's generic size messages in plain words; the schema's own messages pass through unchanged. */
function plainMessage(issue: {
  code: string;
  message: string;
  origin?: string;
  maximum?: unknown;
  minimum?: unknown;
}): string {
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `At most ${String(issue.maximum)} characters`;
  if (issue.code === 'too_small' && issue.origin === 'string')
    return Number(issue.minimum) === 1 ? 'Must not be empty' : `At least ${String(issue.minimum)} characters`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `At most ${String(issue.maximum)}`;
  if (issue.code === 'too_small' && issue.origin === 'number') return `At least ${String(issue.minimum)}`;
  return issue.message;
}

/** Every problem of the form, keyed by dotted path (`qad.rest.tenantUrl`), in the schema's own words. */
export function settingsProblems(settings: Settings): Record<string, string> {
  const parsed = settingsSchema.safeParse(cleanSettings(settings));
  if (parsed.success) return {};
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    problems[path] ??= plainMessage(issue);
  }
  return problems;
}
