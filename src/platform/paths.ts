import { posix, win32 } from 'node:path';

/**
 * `file` relative to `dir` with forward slashes, as git and .gitignore patterns spell paths on every
 * platform. path.relative on Windows answers `app\.env`, which no .gitignore pattern ever matches.
 */
export function gitRelativePath(dir: string, file: string, platform: NodeJS.Platform): string {
  if (platform !== 'win32') return posix.relative(dir, file);
  return win32.relative(dir, file).split('\\').join('/');
}
