import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  NavLink,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { client } from './api/client.ts';
import { AlignmentScreen } from './features/alignment/AlignmentScreen.tsx';
import { AuditScreen } from './features/audit/AuditScreen.tsx';
import { ConnectionsScreen } from './features/connections/ConnectionsScreen.tsx';
import { Dashboard } from './features/dashboard/Dashboard.tsx';
import { DocumentsScreen } from './features/documents/DocumentsScreen.tsx';
import { BatchesScreen } from './features/batches/BatchesScreen.tsx';
import { ExceptionsScreen } from './features/exceptions/ExceptionsScreen.tsx';
import { MappingsScreen } from './features/mappings/MappingsScreen.tsx';
import { SettingsScreen } from './features/settings/SettingsScreen.tsx';
import { ROUTES, type RoutePath, routeFromHash } from './routes.ts';

const SCREENS: Record<RoutePath, () => ReactNode> = {
  dashboard: () => <Dashboard />,
  documents: () => <DocumentsScreen />,
  batches: () => <BatchesScreen />,
  exceptions: () => <ExceptionsScreen />,
  mappings: () => <MappingsScreen />,
  alignment: () => <AlignmentScreen />,
  audit: () => <AuditScreen />,
  connections: () => <ConnectionsScreen />,
  settings: () => <SettingsScreen />,
};

function useHashRoute(): RoutePath {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  const label = `Switch to ${next} theme`;
  return (
    <Tooltip label={label}>
      <ActionIcon variant="default" size="lg" aria-label={label} onClick={() => setColorScheme(next)}>
        <span aria-hidden="true">{computed === 'dark' ? '☀' : '☾'}</span>
      </ActionIcon>
    </Tooltip>
  );
}

function focusHeading() {
  document.querySelector<HTMLElement>('main h1')?.focus();
}

export function App() {
  const route = useHashRoute();
  const [opened, { toggle, close }] = useDisclosure();
  const firstRender = useRef(true);

  useEffect(() => {
    const current = ROUTES.find((item) => item.path === route);
    document.title = `${current?.label ?? 'ml-connector'} · ml-connector`;
    close();
    // After a navigation (not on first load) move focus to the new screen's heading, so keyboard and
    // screen-reader users land on it instead of staying in the menu.
    if (firstRender.current) firstRender.current = false;
    else focusHeading();
  }, [route, close]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <a
        className="skip-link"
        href="#main-content"
        onClick={(event) => {
          event.preventDefault();
          focusHeading();
        }}
      >
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text fw={700} size="lg">
              ml-connector
            </Text>
            <Text c="dimmed" size="sm" visibleFrom="sm">
              Concur · Expensify → QAD
            </Text>
          </Group>
          <Group gap="sm">
            <Badge variant="light" color="gray" title="How this window talks to the engine">
              {client.transport === 'desktop' ? 'Desktop' : 'Browser mode'}
            </Badge>
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {ROUTES.map((item) => (
          <NavLink
            key={item.path}
            href={`#/${item.path}`}
            label={item.label}
            active={route === item.path}
            aria-current={route === item.path ? 'page' : undefined}
            onClick={() => {
              if (route === item.path) focusHeading();
            }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main-content">{SCREENS[route]()}</AppShell.Main>
    </AppShell>
  );
}
