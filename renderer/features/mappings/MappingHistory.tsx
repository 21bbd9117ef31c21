import { Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useOperation } from '../../api/hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDateTime } from '../../format.ts';

/** Every mapping version: who saved it, when, the note, and what changed (from the audit trail). */
export function MappingHistory(props: { viewing?: number; onView: (version: number | undefined) => void }) {
  const events = useOperation('audit/list', { action: 'mapping.changed', limit: 200 });
  return (
    <Stack gap="xs" component="section" aria-label="Mapping version history">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Version history
        </Title>
        <Button size="xs" variant="subtle" onClick={events.reload}>
          Refresh
        </Button>
      </Group>
      {events.error && <ErrorAlert error={events.error} onRetry={events.reload} />}
      {events.data?.events.length === 0 && <Text size="sm">No mapping was changed yet.</Text>}
      <Stack gap={6} mah={520} style={{ overflowY: 'auto' }}>
        {events.data?.events.map((event) => {
          const detail = event.detail as {
            version?: number;
            note?: string;
            changes?: { kind: string; sourceValue: string; before: unknown; after: unknown }[];
          };
          const version = detail.version ?? Number(event.subjectId);
          return (
            <div key={event.seq}>
              <Group gap="xs" justify="space-between">
                <Text size="sm" fw={600}>
                  Version {version}
                </Text>
                <Button
                  size="compact-xs"
                  variant={props.viewing === version ? 'filled' : 'default'}
                  onClick={() => props.onView(props.viewing === version ? undefined : version)}
                  aria-label={`Show the mappings as of version ${version}`}
                >
                  {props.viewing === version ? 'Viewing' : 'View'}
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                {event.actor} · {formatDateTime(event.at)}
              </Text>
              {detail.note && <Text size="xs">“{detail.note}”</Text>}
              {detail.changes?.slice(0, 5).map((c, i) => (
                <Text size="xs" key={i}>
                  {c.kind} <Code>{c.sourceValue}</Code>: {JSON.stringify(c.before)} →{' '}
                  {JSON.stringify(c.after)}
                </Text>
              ))}
              {(detail.changes?.length ?? 0) > 5 && (
                <Text size="xs" c="dimmed">
                  …and {(detail.changes?.length ?? 0) - 5} more
                </Text>
              )}
            </div>
          );
        })}
      </Stack>
    </Stack>
  );
}
