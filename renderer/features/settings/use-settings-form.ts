// One settings form shared by the Settings and Connections screens: the person's edits over what the engine
// holds, every problem checked at once against the same zod schema the engine uses, and the engine's own
// answer (its `field`) shown beside the input. Settings are saved whole: nothing is saved half-way.
import { useMemo, useState } from 'react';
import type { ContractError } from '../../../shared/contract/result.ts';
import type { Settings } from '../../../shared/settings.ts';
import { useAction, useOperation } from '../../api/hooks.ts';
import type { FormBinding } from './fields.tsx';
import { setAt } from './paths.ts';
import { cleanSettings, settingsProblems } from './settings-problems.ts';

export function useSettingsForm() {
  const loaded = useOperation('settings/get');
  const { run, pending } = useAction();
  const [edited, setEdited] = useState<Settings>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ContractError>();
  const [saved, setSaved] = useState(false);
  const values = edited ?? loaded.data;

  const binding: FormBinding = useMemo(
    () => ({
      values,
      errors,
      change(path: string, value: unknown) {
        setEdited((old) => {
          const base = old ?? loaded.data;
          return base ? setAt(base, path, value) : base;
        });
        setErrors((old) => {
          const { [path]: _gone, ...rest } = old;
          return rest;
        });
        setSaved(false);
      },
    }),
    [values, errors, loaded.data],
  );

  async function save(): Promise<boolean> {
    if (!values) return false;
    setFailure(undefined);
    setSaved(false);
    const problems = settingsProblems(values);
    if (Object.keys(problems).length > 0) {
      setErrors(problems);
      const count = Object.keys(problems).length;
      setFailure({
        code: 'invalid_argument',
        message: `Nothing was saved: ${count} ${count === 1 ? 'field needs' : 'fields need'} attention (marked below).`,
      });
      return false;
    }
    const result = await run('settings/update', { settings: cleanSettings(values) });
    if (result.ok) {
      setEdited(result.value);
      setErrors({});
      setSaved(true);
      loaded.setData(result.value);
      return true;
    }
    const { field, message } = result.error;
    if (field?.startsWith('settings.')) {
      const path = field.slice('settings.'.length);
      // The router prefixes the path to its message; beside the input the path is obvious.
      setErrors({ [path]: message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message });
    }
    setFailure(result.error);
    return false;
  }

  const dirty = edited !== undefined && JSON.stringify(edited) !== JSON.stringify(loaded.data);
  return {
    loaded,
    values,
    binding,
    save,
    saving: pending === 'settings/update',
    failure,
    saved,
    setSaved,
    dirty,
  };
}
