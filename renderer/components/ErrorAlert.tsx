import { Alert, Button } from '@mantine/core';
import type { ContractError } from '../../shared/contract/result.ts';

const TITLES: Partial<Record<ContractError['code'], string>> = {
  unauthorized: 'Session expired',
  unavailable: 'Not reachable',
  invalid_argument: 'Check the input',
  config: 'Configuration problem',
  reauthorize: 'Re-authorisation needed',
  conflict: 'Not possible right now',
  internal: 'Unexpected error',
};

/** A failed call, shown with its human message; never a stack trace. */
export function ErrorAlert(props: { error: ContractError; onRetry?: () => void }) {
  return (
    <Alert color="red" variant="light" title={TITLES[props.error.code] ?? 'The call failed'} role="alert">
      {props.error.message}
      {props.onRetry !== undefined && (
        <Button size="xs" variant="subtle" ml="sm" onClick={props.onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}
