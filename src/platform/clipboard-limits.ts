/**
 * How long a clipboard copy may take before it counts as failed (pure, per platform).
 *
 * clipboardy 5 on win32 starts `powershell.exe -NoProfile -NonInteractive -EncodedCommand …Set-Clipboard`
 * and only when that fails runs its bundled clipboard_x86_64.exe. A cold Windows PowerShell 5.1 start
 * (.NET runtime load, antivirus scan of the image) takes 1–3 s, more on the first start after boot;
 * a failed PowerShell plus the fallback adds a little. 2 s turned that into a spurious "failed".
 * Elsewhere (pbcopy, xsel, wl-copy, clip.exe on WSL) a copy takes milliseconds.
 */
export function clipboardTimeoutMs(platform: string): number {
  return platform === 'win32' ? 6000 : 2000;
}
