import { UsageError } from '../errors.js';

export async function doctor(): Promise<void> {
  throw new UsageError('`wa-hook doctor` is not built yet', { hint: 'it is planned; see the README for what works today' });
}
