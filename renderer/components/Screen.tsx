import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Every screen: one h1 (focused on navigation), an optional line of context and actions on the right. */
export function Screen(props: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2" tabIndex={-1} className="screen-title">
            {props.title}
          </Title>
          {props.subtitle !== undefined && (
            <Text c="dimmed" size="sm" mt={4}>
              {props.subtitle}
            </Text>
          )}
        </div>
        {props.actions !== undefined && <Group gap="sm">{props.actions}</Group>}
      </Group>
      {props.children}
    </Stack>
  );
}
