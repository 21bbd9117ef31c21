import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ContractError } from '../../../shared/contract/result.ts';
import { FieldError } from './FieldError.tsx';

/**
 * The one confirmation before anything is sent to a source: what will change, in words, and a button that
 * repeats the action. Cancel is the safe default; Escape closes.
 */
export function ConfirmPush(props: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error?: ContractError | undefined;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal opened onClose={props.onClose} title={props.title} centered size="lg">
      <Stack gap="md">
        {props.children}
        {props.error && <FieldError error={props.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose} data-autofocus>
            Cancel
          </Button>
          <Button color={props.danger ? 'red' : undefined} onClick={props.onConfirm} loading={props.pending}>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
