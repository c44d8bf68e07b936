/**
 * The one writer of `.wa-hook/state.json`, a subscriber of the session: written at `ready`, completed with the
 * public URL at each `tunnel` up, removed at `stopped`. `verify`, `send-sample` and `doctor` read it to find
 * the running `up` (state/state-file-io.ts readState). The bus waits for each write: the file is on disk
 * before the `ready` or `tunnel` line is printed.
 */
import { removeState, writeState, type UpState } from '../state/state-file-io.js';
import type { ReadyEvent, UpListener } from './events.js';
import { errorMessage } from '../errors-narrow.js';

function stateOf(ready: ReadyEvent): UpState {
  return {
    pid: ready.pid,
    instanceId: ready.instanceId,
    startedAt: ready.startedAt,
    localUrl: ready.localUrl,
    path: ready.path,
    port: ready.port,
    ...(ready.forwardTo ? { forwardTo: ready.forwardTo } : {}),
    ...(ready.verifyToken ? { verifyToken: ready.verifyToken, verifyTokenSource: ready.verifyTokenSource } : {}),
    ...(ready.appSecretFingerprint ? { appSecretFingerprint: ready.appSecretFingerprint } : {}),
    ...(ready.inspectorUrl ? { inspectorUrl: ready.inspectorUrl } : {}),
  };
}

/** `extra`: fields a part adds to the file (e.g. `up --local`'s Graph URL and control token). */
export function stateFileListener(cwd: string, extra: Partial<UpState> = {}): UpListener {
  let state: UpState | undefined;
  return (event) => {
    if (event.type === 'ready') {
      state = { ...stateOf(event), ...extra };
      return writeState(cwd, state);
    }
    if (event.type === 'tunnel' && event.state === 'up' && state) {
      state = { ...state, publicUrl: event.publicUrl, callbackUrl: event.callbackUrl, provider: event.provider };
      return writeState(cwd, state).catch((error: unknown) => {
        throw new Error(`could not record the public URL in .wa-hook/state.json: ${errorMessage(error)}`);
      });
    }
    if (event.type === 'stopped' && state) {
      const { pid } = state;
      state = undefined;
      return removeState(cwd, pid);
    }
    return undefined;
  };
}
