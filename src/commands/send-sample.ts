import { UsageError } from '../errors.js';

export async function sendSample(): Promise<void> {
  throw new UsageError('`wa-hook send-sample` is not built yet', { hint: 'it is planned; see the README for what works today' });
}
