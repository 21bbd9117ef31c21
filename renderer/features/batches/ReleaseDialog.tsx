import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { BatchSummary } from '../../../shared/contract/batches.ts';
import type { ContractError } from '../../../shared/contract/result.ts';
import { useAction } from '../../api/hooks.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { SOURCE_LABELS } from '../../components/columns.ts';
import { releaseSentence } from './release-sentence.ts';

/**
 * The confirmation repeats what the person reviewed and sends exactly those figures in `batches/release`:
 * the engine refuses the release when the batch changed since (a document added or removed meanwhile).
 */
export function ReleaseDialog(props: {
  batch: BatchSummary;
  onClose: () => void;
  onReleased: (batch: BatchSummary) => void;
}) {
  const { run, pending } = useAction();
  const [error, setError] = useState<ContractError>();
  const { batch } = props;
  async function release() {
    setError(undefined);
    const result = await run('batches/release', {
      batchId: batch.id,
      documentCount: batch.documentCount,
      totalMinor: batch.totalMinor,
    });
    if (result.ok) props.onReleased(result.value);
    else setError(result.error);
  }
  return (
    <Modal opened onClose={props.onClose} title={`Release batch ${batch.id}?`} centered size="lg">
      <Stack gap="md">
        <Text>
          <strong data-testid="release-sentence">{releaseSentence(batch)}</strong> from{' '}
          {SOURCE_LABELS[batch.source]} into QAD entity {batch.entity}.
        </Text>
        <Text size="sm" c="dimmed">
          Posting starts right away. Until the first document is sent you can still undo the release; after
          that, each document is posted exactly once and confirmed back to {SOURCE_LABELS[batch.source]}.
        </Text>
        {error && (
          <>
            <ErrorAlert error={error} />
            {error.code === 'conflict' && (
              <Alert color="yellow" variant="light">
                Close this dialog to see the batch as it is now, then review it again.
              </Alert>
            )}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button onClick={() => void release()} loading={pending === 'batches/release'} data-autofocus>
            {releaseSentence(batch)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
