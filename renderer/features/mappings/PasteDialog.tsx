import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMemo, useState } from 'react';
import { type KindDefinition } from './kinds.ts';
import { type ParsedTable, parsePaste } from './table-io.ts';

// Rows pasted from a spreadsheet, read and previewed before they join the unsaved changes.

export function PasteDialog(props: {
  definition: KindDefinition;
  onClose: () => void;
  onApply: (table: ParsedTable) => void;
}) {
  const [text, setText] = useState('');
  const parsed = useMemo(
    () => (text.trim() ? parsePaste(props.definition, text) : undefined),
    [text, props.definition],
  );
  const columns = ['source value', ...props.definition.targets.map((t) => t.label)].join(' ⇥ ');
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={`Paste ${props.definition.label.toLowerCase()} from a spreadsheet`}
      size="lg"
    >
      <Stack gap="sm">
        <Text size="sm">
          Copy the cells in Excel or another spreadsheet and paste them here. Columns: {columns} (an entity
          column first is optional). Nothing is saved until you press Save.
        </Text>
        <Textarea
          label="Pasted rows"
          autosize
          minRows={6}
          maxRows={16}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data-autofocus
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        {parsed && (
          <Text size="sm" role="status">
            {parsed.rows.length} rows read
            {parsed.problems.length ? `, ${parsed.problems.length} skipped` : ''}.
          </Text>
        )}
        {parsed?.problems.slice(0, 8).map((p) => (
          <Text size="xs" c="red" key={p}>
            {p}
          </Text>
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            disabled={!parsed || parsed.rows.length === 0}
            onClick={() => parsed && props.onApply(parsed)}
          >
            Add {parsed?.rows.length ?? 0} rows to the changes
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
