// A laptop that sleeps through a planned run catches up when it wakes instead of waiting for the next slot.
import { powerMonitor } from 'electron';
import type { DesktopEngine } from './engine-port.ts';

export function watchPower(engine: Pick<DesktopEngine, 'wake'>): () => void {
  let sleptSince: Date | undefined;
  const onSuspend = (): void => {
    sleptSince = new Date();
  };
  const onResume = (): void => {
    if (sleptSince !== undefined) engine.wake?.(sleptSince);
    sleptSince = undefined;
  };
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  return () => {
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('resume', onResume);
  };
}
