import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ExceptionGroup } from '../../../shared/contract/exceptions.ts';
import { useAction } from '../../api/hooks.ts';
import { CAUSE_HINTS, CAUSE_LABELS } from './causes.ts';

/** The documents of one exception group, with a replay of them all once the cause is fixed outside. */
export function GroupDocuments(props: {
  group: ExceptionGroup;
  onOpen: (id: number) => void;
  onDone: () => void;
  onClose: () => void;
}) {
  const { run, pending } = useAction();
  const [message, setMessage] = useState<string>();
  const { group } = props;
  async function replayAll() {
    let moved = 0;
    let failed = 0;
    for (const documentId of group.documentIds) {
      const result = await run('documents/replay', { documentId });
      if (result.ok && result.value.state !== result.value.from) moved++;
      else if (!result.ok) failed++;
    }
    setMessage(
      `Replayed ${group.documentIds.length}: ${moved} moved on${failed ? `, ${failed} could not be replayed` : ''}.`,
    );
    props.onDone();
  }
  return (
    <Stack gap="xs" component="section" aria-label="Documents of the selected group">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {CAUSE_LABELS[group.cause]}: {group.value ?? group.message}
        </Title>
        <Group gap="xs">
          <Button onClick={() => void replayAll()} loading={pending === 'documents/replay'}>
            Replay all {group.documentIds.length}
          </Button>
          <Button variant="subtle" onClick={props.onClose}>
            Close
          </Button>
        </Group>
      </Group>
      {CAUSE_HINTS[group.cause] && <Text size="sm">{CAUSE_HINTS[group.cause]}</Text>}
      {message && (
        <Text size="sm" role="status">
          {message}
        </Text>
      )}
      <Group gap={6}>
        {group.documentIds.slice(0, 200).map((id) => (
          <Badge
            key={id}
            component="button"
            variant="outline"
            style={{ cursor: 'pointer' }}
            onClick={() => props.onOpen(id)}
            aria-label={`Open document ${id}`}
          >
            #{id}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}
