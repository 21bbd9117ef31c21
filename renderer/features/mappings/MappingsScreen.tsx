import { Grid, Tabs } from '@mantine/core';
import { useState } from 'react';
import type { MappingKind } from '../../../shared/domain/exception.ts';
import { Screen } from '../../components/Screen.tsx';
import { KIND_DEFINITIONS } from './kinds.ts';
import { MappingHistory } from './MappingHistory.tsx';
import { MappingTable } from './MappingTable.tsx';

export function MappingsScreen() {
  const [kind, setKind] = useState<MappingKind>('gl_account');
  const [version, setVersion] = useState<number>();
  return (
    <Screen
      title="Mappings"
      subtitle="Concur and Expensify values to QAD suppliers, accounts, cost centers and entities. Every save is a new version, audited with who and when."
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, xl: 9 }}>
          <Tabs value={kind} onChange={(v) => v && setKind(v as MappingKind)} keepMounted={false}>
            <Tabs.List aria-label="Mapping tables">
              {KIND_DEFINITIONS.map((d) => (
                <Tabs.Tab key={d.kind} value={d.kind}>
                  {d.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {KIND_DEFINITIONS.map((d) => (
              <Tabs.Panel key={d.kind} value={d.kind} pt="md">
                <MappingTable kind={d.kind} {...(version !== undefined ? { version } : {})} />
              </Tabs.Panel>
            ))}
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 3 }}>
          <MappingHistory viewing={version} onView={setVersion} />
        </Grid.Col>
      </Grid>
    </Screen>
  );
}
