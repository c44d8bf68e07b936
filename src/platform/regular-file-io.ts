/**
 * Reading a project file that may have been planted (a cloned repository): a FIFO named `.env` would block
 * readFile forever, beyond SIGTERM. Opened non-blocking and checked to be a regular file before reading.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** A file that exists but is a FIFO, socket or device: never read. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(path: string) {
    super(`${path} is not a regular file (a FIFO, socket or device)`);
    this.name = 'NotRegularFileError';
  }
}

/** The bytes of a regular file (links followed); ENOENT and friends are thrown as by readFile. */
export async function readRegularFile(path: string): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new NotRegularFileError(path);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
