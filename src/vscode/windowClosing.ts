// What a window does as it closes or reloads (the extension's deactivate): its last save of the session, and its
// leave of the room. Pure: no vscode import.
//
// VS Code cancels every workspaceState update made from deactivate (the extension host has stopped talking to the
// window by then: microsoft/vscode#144118), and the save awaited first threw "Canceled" before the leave: a host's
// room was not closed (its members read "connection lost (nobody is listening)" and reconnected, where they should
// have been told "the host closed the room" and waited for it; its history file was not flushed at the close), a
// member's seat was not asked to be held. The leave no longer waits on the save, nor fails with it.

/**
 * Starts `save` (it reads the session before the leave changes it), then leaves. A save that fails or never
 * settles neither stops nor holds the leave (nor is its failure an unhandled rejection).
 */
export async function closeWindow(save: (() => Promise<void>) | undefined, leave: () => Promise<void>): Promise<void> {
  void save?.().catch(() => undefined);
  await leave();
}
