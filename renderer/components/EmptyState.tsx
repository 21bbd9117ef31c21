import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function EmptyState(props: { title: string; children?: ReactNode }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack gap="xs" align="center" ta="center">
        <Title order={2} size="h4">
          {props.title}
        </Title>
        {props.children !== undefined && (
          <Text c="dimmed" size="sm" maw={560}>
            {props.children}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
