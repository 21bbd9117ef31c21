// Electron channel names, shared by the main-side binding and the preload. Kept free of imports because the
// sandboxed preload is bundled on its own.
export const INVOKE_CHANNEL = 'mlc:invoke';
export const EVENT_CHANNEL = 'mlc:event';
