// "QAD → Sources": QAD is the master of the reference data the sources code expenses with. One tab per push
// (Concur lists, Concur vendors, Expensify) and the GL alignment report. Each tab loads when first opened and
// keeps its preview and last push results while the person moves between tabs. Every push shows what it
// would change first and asks for confirmation.
import { Tabs } from '@mantine/core';
import { useState } from 'react';
import { Screen } from '../../components/Screen.tsx';
import { ConcurListsPanel } from './ConcurListsPanel.tsx';
import { ExpensifyPanel } from './ExpensifyPanel.tsx';
import { GlReportPanel } from './GlReportPanel.tsx';
import { VendorsPanel } from './VendorsPanel.tsx';

const TABS = [
  { value: 'lists', label: 'Concur lists', panel: () => <ConcurListsPanel /> },
  { value: 'gl', label: 'GL alignment', panel: () => <GlReportPanel /> },
  { value: 'vendors', label: 'Concur vendors', panel: () => <VendorsPanel /> },
  { value: 'expensify', label: 'Expensify', panel: () => <ExpensifyPanel /> },
] as const;

type TabValue = (typeof TABS)[number]['value'];

export function AlignmentScreen() {
  const [tab, setTab] = useState<TabValue>('lists');
  // Panels call the sources when they mount: only the tabs a person opened do.
  const [opened, setOpened] = useState<ReadonlySet<TabValue>>(() => new Set<TabValue>(['lists']));
  return (
    <Screen
      title="QAD → Sources"
      subtitle="Keep SAP Concur and Expensify coded with QAD’s values: preview what a push would change, then push. Nothing is sent without your confirmation."
    >
      <Tabs
        value={tab}
        onChange={(value) => {
          if (!value) return;
          const next = value as TabValue;
          setTab(next);
          setOpened((old) => (old.has(next) ? old : new Set([...old, next])));
        }}
      >
        <Tabs.List aria-label="Master data pushes">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="md">
            {opened.has(t.value) ? t.panel() : null}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Screen>
  );
}
