import { UsageError } from '../errors.js';

export async function up(): Promise<void> {
  throw new UsageError('`wa-hook up` is not built yet', { hint: 'it is planned; see the README for what works today' });
}
