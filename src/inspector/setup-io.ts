import { createInspectorActions } from './actions-io.js';
import { createTemplateSamples } from './samples-io.js';
import { startInspector, type Inspector, type InspectorOptions } from './server-io.js';

export const DEFAULT_INSPECT_PORT = 4040;

/** The inspector server's options, but Replay and Send sample are built here from where they deliver. */
export interface UpInspectorOptions extends Omit<InspectorOptions, 'actions' | 'assetsDir'> {
  /** Where Replay / Send sample deliver: the local callback of this `up`. */
  receiverUrl: string;
  appSecret?: string;
  phoneNumberId?: string;
  wabaId?: string;
}

/** The inspector as `up` runs it: Replay and Send sample wired to this receiver. */
export function startUpInspector(options: UpInspectorOptions): Promise<Inspector> {
  const { receiverUrl, appSecret, phoneNumberId, wabaId, ...server } = options;
  const actions = createInspectorActions({
    logPath: server.logPath,
    targetUrl: receiverUrl,
    appSecret,
    samples: createTemplateSamples({ phoneNumberId, wabaId }),
  });
  return startInspector({ ...server, actions });
}
