import { createInspectorActions } from './actions-io.js';
import { createTemplateSamples } from './samples-io.js';
import { startInspector, type Inspector, type InspectorInfo, type InspectorOptions } from './server-io.js';

export const DEFAULT_INSPECT_PORT = 4040;

export interface UpInspectorOptions {
  port: number;
  logPath: string;
  /** Where Replay / Send sample deliver: the local callback of this `up`. */
  receiverUrl: string;
  appSecret?: string;
  phoneNumberId?: string;
  wabaId?: string;
  info: InspectorInfo;
  phone?: InspectorOptions['phone'];
  slowAckMs?: number;
}

/** The inspector as `up` runs it: Replay and Send sample wired to this receiver. */
export function startUpInspector(options: UpInspectorOptions): Promise<Inspector> {
  const actions = createInspectorActions({
    logPath: options.logPath,
    targetUrl: options.receiverUrl,
    appSecret: options.appSecret,
    samples: createTemplateSamples({ phoneNumberId: options.phoneNumberId, wabaId: options.wabaId }),
  });
  return startInspector({
    port: options.port,
    logPath: options.logPath,
    info: options.info,
    actions,
    ...(options.phone ? { phone: options.phone } : {}),
    ...(options.slowAckMs !== undefined ? { slowAckMs: options.slowAckMs } : {}),
  });
}
