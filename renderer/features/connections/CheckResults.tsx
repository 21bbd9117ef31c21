import { List, Text } from '@mantine/core';
import type { CheckReport } from '../../../shared/domain/status.ts';
import { SYSTEM_LABELS } from '../dashboard/ConnectionCards.tsx';

export function CheckResults(props: { report: CheckReport }) {
  return (
    <div aria-live="polite">
      <List spacing={4} size="sm" listStyleType="none">
        {props.report.items.map((item, index) => (
          <List.Item key={`${item.system}-${item.check}-${index}`}>
            <Text span fw={600} c={item.ok ? 'teal' : 'red'}>
              {item.ok ? '✓ Passed' : '✗ Failed'}
            </Text>{' '}
            <Text span size="sm">
              {SYSTEM_LABELS[item.system]} — {item.check}: {item.message}
            </Text>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
