import { execa } from 'execa';

/** Where a test looks for Python: the one on PATH, then the system's. */
const PYTHONS = ['python3', '/usr/bin/python3'];

/** The first Python that can import `modules` (e.g. `fastapi, httpx`), or undefined: the test then skips. */
export async function findPython(modules: string): Promise<string | undefined> {
  for (const python of PYTHONS) {
    const probe = await execa(python, ['-c', `import ${modules}`], { reject: false });
    if (probe.exitCode === 0) return python;
  }
  return undefined;
}
