// A grid cell editor that picks a QAD value with search: a text input backed by a datalist of the valid
// (active) values, so typing filters the list and the keyboard alone picks one. Anything typed is kept and
// flagged by the grid when it is not a valid value, rather than silently dropped.
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useId, useRef } from 'react';
import type { QadValue } from '../../shared/contract/qad.ts';

export interface QadValueEditorParams {
  readonly values: readonly QadValue[];
  readonly label: string;
}

export function QadValueEditor(props: CustomCellEditorProps & QadValueEditorParams) {
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  return (
    <>
      <input
        ref={input}
        className="qad-value-editor"
        aria-label={props.label}
        list={listId}
        value={(props.value as string | null | undefined) ?? ''}
        onChange={(event) => props.onValueChange(event.currentTarget.value.trim() || null)}
        spellCheck={false}
        autoComplete="off"
      />
      <datalist id={listId}>
        {props.values
          .filter((v) => v.active && v.postable !== false)
          .map((v) => (
            <option key={v.code} value={v.code}>
              {v.description}
            </option>
          ))}
      </datalist>
    </>
  );
}
