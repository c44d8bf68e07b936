/** The loopback web inspector as a part of the session: started with it, fed by its events (rows, tunnel state). */
import { maskSecret } from '../config/redact.js';
import { startUpInspector } from '../inspector/setup-io.js';
import type { Inspector, InspectorInfo, InspectorOptions } from '../inspector/server-io.js';
import { callbackUrlFor, type UpSessionConfig } from './config.js';
import type { UpListener } from './events.js';
import { createTunnelStatus } from './tunnel-status.js';

export interface InspectorPart {
  inspector: Inspector;
  listener: UpListener;
}

export async function startInspectorPart(
  config: UpSessionConfig,
  port: number,
  setup: {
    receiverUrl: string;
    logPath: string;
    verifyToken?: string;
    echo: boolean;
    phone?: InspectorOptions['phone'];
  },
): Promise<InspectorPart> {
  const { values } = config.loaded;
  const token =
    setup.verifyToken === undefined
      ? "(your backend's)"
      : config.showToken
        ? setup.verifyToken
        : maskSecret(setup.verifyToken);
  const plan = config.publicSide;
  const info: InspectorInfo = {
    callbackUrl: plan.kind === 'public-url' ? callbackUrlFor(plan.url, config.path) : setup.receiverUrl,
    localUrl: setup.receiverUrl,
    verifyToken: token,
    tunnel: plan.kind === 'public-url' ? 'your own public URL' : 'none (local only)',
    signatures: values.appSecret !== undefined ? 'checked' : 'unchecked',
    ...(config.forward ? { forwardTo: config.forward.target.href } : {}),
    echo: setup.echo ? 'on' : 'off',
  };
  const inspector = await startUpInspector({
    port,
    logPath: setup.logPath,
    receiverUrl: setup.receiverUrl,
    appSecret: values.appSecret,
    phoneNumberId: values.phoneNumberId,
    wabaId: values.wabaId,
    info,
    phone: setup.phone,
    slowAckMs: config.slowAckMs,
  });
  const statusOf = createTunnelStatus();
  const listener: UpListener = (event) => {
    if (event.type === 'request') {
      inspector.publish(event.record);
      return;
    }
    const status = statusOf(event);
    if (status)
      inspector.setInfo({ tunnel: status.text, ...(status.callbackUrl ? { callbackUrl: status.callbackUrl } : {}) });
  };
  return { inspector, listener };
}
