import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import type { ConcurAuthState } from './concur-auth.ts';

const TEXT: Record<ConcurAuthState, { badge: string; color: string; text: string }> = {
  no_token: {
    badge: 'Not authorised',
    color: 'gray',
    text: 'Paste the company request token an administrator generated in SAP Concur (Company Request Token). It works once, within 24 hours.',
  },
  token_entered: {
    badge: 'Token entered',
    color: 'blue',
    text: 'The request token is stored. Press "Test SAP Concur": the token is exchanged once for a refresh token, which ml-connector keeps and renews.',
  },
  connected: {
    badge: 'Authorised',
    color: 'teal',
    text: 'A refresh token is stored and renewed on every use. Enter a new request token only if Concur asks for re-authorisation.',
  },
  reauthorize: {
    badge: 'Re-authorise',
    color: 'orange',
    text: 'Concur no longer accepts the refresh token (expired or revoked). Generate a new company request token in Concur and paste it below.',
  },
};

export function ConcurTokenState(props: { state: ConcurAuthState }) {
  const t = TEXT[props.state];
  return (
    <Alert color={t.color} variant="light" data-testid="concur-token-state">
      <Stack gap={4}>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            Authorisation
          </Text>
          <Badge color={t.color} variant="light">
            {t.badge}
          </Badge>
        </Group>
        <Text size="sm">{t.text}</Text>
      </Stack>
    </Alert>
  );
}
