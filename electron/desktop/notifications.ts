// Desktop notifications when a run fails or new exceptions appear; clicking one opens the window.
import { Notification } from 'electron';
import type { PushEvent } from '../../shared/contract/bridge.ts';
import type { DesktopEngine } from './engine-port.ts';
import { notificationFor } from './notification-text.ts';

export function startNotifications(options: {
  readonly hub: DesktopEngine['hub'];
  readonly icon?: string;
  readonly onClick: () => void;
}): () => void {
  if (!Notification.isSupported()) return () => {};
  return options.hub.subscribe((event: PushEvent) => {
    const text = notificationFor(event);
    if (text === undefined) return;
    const notification = new Notification({
      title: text.title,
      body: text.body,
      ...(options.icon === undefined ? {} : { icon: options.icon }),
    });
    notification.on('click', options.onClick);
    notification.show();
  });
}
