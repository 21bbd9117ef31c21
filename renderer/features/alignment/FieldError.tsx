import { Anchor, Code, Stack, Text } from '@mantine/core';
import type { ContractError } from '../../../shared/contract/result.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

const SETTING_ROOTS = ['concur.', 'expensify.', 'qad.', 'network.', 'schedules.', 'posting.'];

/**
 * A failed call with the field or setting the engine named, and where to change it: a setting on the
 * Settings screen, a credential on the Connections screen.
 */
export function FieldError(props: { error: ContractError; onRetry?: () => void }) {
  const { field } = props.error;
  const isSecret =
    field !== undefined && /partnerUser|requestToken|clientSecret|password|username/.test(field);
  const isSetting = field !== undefined && SETTING_ROOTS.some((root) => field.startsWith(root));
  return (
    <Stack gap={4}>
      <ErrorAlert error={props.error} {...(props.onRetry ? { onRetry: props.onRetry } : {})} />
      {field !== undefined && (
        <Text size="sm" c="dimmed">
          {isSecret ? 'Credential' : isSetting ? 'Setting' : 'Field'}: <Code>{field}</Code>
          {isSecret ? (
            <>
              {' · '}
              <Anchor href="#/connections">Open Connections</Anchor>
            </>
          ) : isSetting ? (
            <>
              {' · '}
              <Anchor href="#/settings">Open Settings</Anchor>
            </>
          ) : null}
        </Text>
      )}
    </Stack>
  );
}
