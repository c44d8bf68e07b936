/**
 * How a child process tree is stopped, per platform (pure). On Windows `child.kill()` is TerminateProcess
 * of the direct child only: with a `.cmd` shim (npm's `cloudflared` package, winget shims) that is
 * cmd.exe, and the real cloudflared lives on holding our pipes. `taskkill /T` walks the tree by parent pid,
 * so it must run while the wrapper is still alive, before anything kills it.
 */
export interface KillCommand {
  command: string;
  args: string[];
}

/** undefined: use signals (POSIX). `force`: /F, TerminateProcess on every process of the tree. */
export function treeKillCommand(pid: number, platform: NodeJS.Platform, force: boolean): KillCommand | undefined {
  if (platform !== 'win32') return undefined;
  return { command: 'taskkill', args: ['/pid', String(pid), '/T', ...(force ? ['/F'] : [])] };
}

/**
 * After the child has exited, how long its output may still drain. A grandchild that inherited the pipes
 * (a shim's real program, `cmd & …`) can hold them open forever; its last lines are not worth a hang.
 */
export const DRAIN_LIMIT_MS = 2000;

/** Signals that mean "stop now, clean up" for a long-running command on this platform. */
export function stopSignals(platform: NodeJS.Platform): NodeJS.Signals[] {
  // SIGHUP: terminal closed (POSIX) or console window closed (Windows, ~10 s before Windows kills us).
  // SIGBREAK: Ctrl-Break, delivered only on Windows.
  return platform === 'win32' ? ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
}
