// Inputs bound to a settings path; each shows the engine's error for its path inline.
import {
  Chip,
  Group,
  Input,
  MultiSelect,
  NumberInput,
  Select,
  Switch,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { createContext, useContext } from 'react';
import { errorAt, getAt } from './paths.ts';

export interface FormBinding {
  readonly values: unknown;
  readonly errors: Readonly<Record<string, string>>;
  change(path: string, value: unknown): void;
}

export const FormContext = createContext<FormBinding | undefined>(undefined);

function useField(path: string) {
  const form = useContext(FormContext);
  if (form === undefined) throw new Error('settings field outside its form');
  return {
    value: getAt(form.values, path),
    error: errorAt(form.errors, path),
    change: (v: unknown) => form.change(path, v),
  };
}

type Common = { path: string; label: string; description?: string };

export function TextField(props: Common & { placeholder?: string; required?: boolean }) {
  const field = useField(props.path);
  return (
    <TextInput
      label={props.label}
      withAsterisk={props.required}
      description={props.description}
      placeholder={props.placeholder}
      value={typeof field.value === 'string' ? field.value : ''}
      error={field.error}
      onChange={(event) => field.change(event.currentTarget.value)}
    />
  );
}

export function SwitchField(props: Common) {
  const field = useField(props.path);
  return (
    <Switch
      label={props.label}
      description={props.description}
      checked={field.value === true}
      error={field.error}
      onChange={(event) => field.change(event.currentTarget.checked)}
    />
  );
}

export function SelectField(props: Common & { options: readonly { value: string; label: string }[] }) {
  const field = useField(props.path);
  return (
    <Select
      label={props.label}
      description={props.description}
      data={props.options as { value: string; label: string }[]}
      value={typeof field.value === 'string' ? field.value : null}
      error={field.error}
      allowDeselect={false}
      onChange={(value) => field.change(value)}
    />
  );
}

export function MultiSelectField(props: Common & { options: readonly { value: string; label: string }[] }) {
  const field = useField(props.path);
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      data={props.options as { value: string; label: string }[]}
      value={Array.isArray(field.value) ? (field.value as string[]) : []}
      error={field.error}
      onChange={(value) => field.change(value)}
    />
  );
}

export function TagsField(props: Common) {
  const field = useField(props.path);
  return (
    <TagsInput
      label={props.label}
      description={props.description}
      value={Array.isArray(field.value) ? (field.value as string[]) : []}
      error={field.error}
      onChange={(value) => field.change(value)}
    />
  );
}

const WEEKDAYS = [
  { value: '1', label: 'Mon', name: 'Monday' },
  { value: '2', label: 'Tue', name: 'Tuesday' },
  { value: '3', label: 'Wed', name: 'Wednesday' },
  { value: '4', label: 'Thu', name: 'Thursday' },
  { value: '5', label: 'Fri', name: 'Friday' },
  { value: '6', label: 'Sat', name: 'Saturday' },
  { value: '7', label: 'Sun', name: 'Sunday' },
];

/** ISO weekdays as toggles; none picked means every day (the setting is left out). */
export function DaysField(props: Common) {
  const field = useField(props.path);
  const value = Array.isArray(field.value) ? (field.value as number[]).map(String) : [];
  return (
    <Input.Wrapper label={props.label} description={props.description} error={field.error}>
      <Chip.Group
        multiple
        value={value}
        onChange={(next) => {
          const days = next.map(Number).sort((a, b) => a - b);
          field.change(days.length === 0 ? undefined : days);
        }}
      >
        <Group gap={4} mt={4}>
          {WEEKDAYS.map((d) => (
            <Chip key={d.value} value={d.value} size="xs" aria-label={d.name}>
              {d.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </Input.Wrapper>
  );
}

export function NumberField(props: Common & { min?: number; max?: number }) {
  const field = useField(props.path);
  return (
    <NumberInput
      label={props.label}
      description={props.description}
      value={typeof field.value === 'number' ? field.value : ''}
      min={props.min}
      max={props.max}
      allowDecimal={false}
      error={field.error}
      onChange={(value) => field.change(typeof value === 'number' ? value : undefined)}
    />
  );
}
