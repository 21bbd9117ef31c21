import { Badge } from '@mantine/core';
import { humanize } from '../format.ts';

const COLORS: Record<string, string> = {
  ok: 'teal',
  succeeded: 'teal',
  posted: 'teal',
  confirmed: 'teal',
  ready: 'blue',
  released: 'blue',
  posting: 'blue',
  running: 'blue',
  staged: 'gray',
  unknown: 'gray',
  not_configured: 'gray',
  awaiting_receipt: 'yellow',
  partial: 'yellow',
  exception: 'orange',
  uncertain: 'orange',
  reauthorize: 'orange',
  error: 'red',
  failed: 'red',
  rejected: 'red',
};

/** A state shown as a word, with colour as a second cue only (never the only one). */
export function StatusBadge(props: { value: string; label?: string }) {
  return (
    <Badge variant="light" color={COLORS[props.value] ?? 'gray'} radius="sm">
      {props.label ?? humanize(props.value)}
    </Badge>
  );
}
