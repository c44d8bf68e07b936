import { win32 } from 'node:path';

/**
 * What actually protects a secret file (.env, .wa-hook/verify-token, state.json) on this platform (pure).
 * POSIX: the 0600 mode wa-hook sets. Windows ignores modes (Node maps 0600 to "not read-only", nothing
 * more); the file inherits its folder's ACL. Under the user profile that ACL admits only the user, SYSTEM
 * and Administrators; a folder such as C:\projects inherits C:\'s ACL, which lets every signed-in user read.
 */
export interface FileProtection {
  /** False when other local users can probably read the file. */
  privateToUser: boolean;
  statement: string;
}

export function secretFileProtection(path: string, platform: NodeJS.Platform, home: string): FileProtection {
  if (platform !== 'win32') return { privateToUser: true, statement: 'mode 0600: only your user can read it' };
  const rel = win32.relative(home.toLowerCase(), path.toLowerCase());
  const insideProfile = home !== '' && rel !== '' && !rel.startsWith('..') && !win32.isAbsolute(rel);
  return insideProfile
    ? {
        privateToUser: true,
        statement: 'Windows ignores file modes; your user profile ACL lets only you, SYSTEM and Administrators read it',
      }
    : {
        privateToUser: false,
        statement:
          'Windows ignores file modes and this file is outside your user profile: it inherits the folder ACL, which often lets every local user read it',
      };
}

/** What to do when the file is not private (Windows only). */
export const WINDOWS_PROTECTION_HINT =
  'keep the project under your user profile (%USERPROFILE%, e.g. C:\\Users\\you\\code), where only you can read it';
