import { Button, Group, PasswordInput, Text } from '@mantine/core';
import { useState } from 'react';
import type { SecretName } from '../../../shared/settings.ts';
import { useAction } from '../../api/hooks.ts';

const LABELS: Record<SecretName, string> = {
  'concur.clientSecret': 'Client secret',
  'concur.requestToken': 'Company request token',
  'concur.refreshToken': 'Refresh token',
  'expensify.partnerUserId': 'Partner user ID',
  'expensify.partnerUserSecret': 'Partner user secret',
  'qad.username': 'User name',
  'qad.password': 'Password',
};

/** Write-only: the value is sent once and cleared; the app never shows a stored secret. */
export function SecretField(props: { name: SecretName; present: boolean; onChanged: () => void }) {
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const { run, pending } = useAction();

  async function save() {
    const result = await run('secrets/set', { name: props.name, value });
    setValue('');
    setMessage(
      result.ok
        ? { ok: true, text: 'Saved. It will not be shown again.' }
        : { ok: false, text: result.error.message },
    );
    props.onChanged();
  }

  async function remove() {
    const result = await run('secrets/delete', { name: props.name });
    setMessage(result.ok ? { ok: true, text: 'Removed.' } : { ok: false, text: result.error.message });
    props.onChanged();
  }

  const label = LABELS[props.name];
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (value) void save();
      }}
    >
      <PasswordInput
        label={label}
        description={props.present ? 'Stored. Type a new value to replace it.' : 'Not set.'}
        autoComplete="new-password"
        value={value}
        onChange={(event) => setValue(event.currentTarget.value)}
        error={message && !message.ok ? message.text : undefined}
      />
      <Group gap="xs" mt={6}>
        <Button
          type="submit"
          size="xs"
          disabled={!value}
          loading={pending === 'secrets/set'}
          aria-label={`Save ${label}`}
        >
          Save
        </Button>
        {props.present && (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => void remove()}
            loading={pending === 'secrets/delete'}
            aria-label={`Remove ${label}`}
          >
            Remove
          </Button>
        )}
        {message?.ok && (
          <Text size="xs" c="teal" role="status">
            {message.text}
          </Text>
        )}
      </Group>
    </form>
  );
}
