import { UsageError } from '../errors.js';

export async function verify(): Promise<void> {
  throw new UsageError('`wa-hook verify` is not built yet', { hint: 'it is planned; see the README for what works today' });
}
