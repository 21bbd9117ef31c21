// Screens whose engine operations do not exist yet: they say so plainly instead of showing made-up rows.
import { Anchor } from '@mantine/core';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Screen } from '../../components/Screen.tsx';

export function BatchesScreen() {
  return (
    <Screen
      title="Batches"
      subtitle="Ready documents grouped per source, entity and currency, released by a person."
    >
      <EmptyState title="No batches yet">
        No batches yet — batches appear when documents are ready to post. Ready documents are listed under{' '}
        <Anchor href="#/documents">Documents</Anchor>.
      </EmptyState>
    </Screen>
  );
}

export function ExceptionsScreen() {
  return (
    <Screen title="Exceptions" subtitle="Documents that wait for a mapping, an open period or a decision.">
      <EmptyState title="No exceptions to work on">
        Nothing waits for a person here yet — documents that need a mapping fix or a decision will be listed
        with the value to map. Documents already in the exception state can be found under{' '}
        <Anchor href="#/documents">Documents</Anchor> with the state filter.
      </EmptyState>
    </Screen>
  );
}

export function MappingsScreen() {
  return (
    <Screen
      title="Mappings"
      subtitle="Concur and Expensify values to QAD suppliers, accounts, cost centers and entities."
    >
      <EmptyState title="No mappings yet">
        No mapping tables yet — they appear once QAD master data has been read, so every value can be mapped
        to an active QAD code.
      </EmptyState>
    </Screen>
  );
}
