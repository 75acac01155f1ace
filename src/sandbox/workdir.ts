// The private working directory of one cold run: created on the host, handed to the sandbox user,
// filled with the request's files, read back without following symlinks, removed afterwards.
import { chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { CodewardError } from '../shared/errors.js';
import { SANDBOX_DIR, SANDBOX_UID, mustChownWorkDir } from './isolation.js';

/** Largest file handed back through fetchFiles. */
export const FETCH_FILE_CAP_BYTES = 8 * 1024 * 1024;

/** A relative path inside the work dir, or invalid_input for absolute/parent-escaping paths. */
export function safeRelativePath(path: string): string {
  const stripped = path.startsWith(`${SANDBOX_DIR}/`) ? path.slice(SANDBOX_DIR.length + 1) : path;
  const clean = normalize(stripped);
  if (!clean || clean.startsWith('/') || clean === '..' || clean.startsWith(`..${sep}`) || clean === '.' || clean.includes('\0')) {
    throw new CodewardError('invalid_input', `File path "${path}" must be relative to the sandbox working directory.`);
  }
  return clean;
}

export class WorkDir {
  readonly path: string;

  constructor() {
    this.path = mkdtempSync(join(tmpdir(), 'codeward-sbx-'));
    this.own(this.path);
  }

  private own(path: string): void {
    if (mustChownWorkDir()) chownSync(path, SANDBOX_UID, SANDBOX_UID);
  }

  write(relative: string, content: string | Buffer): void {
    const target = join(this.path, safeRelativePath(relative));
    let dir = dirname(target);
    const created: string[] = [];
    while (dir.length > this.path.length) {
      created.unshift(dir);
      dir = dirname(dir);
    }
    for (const d of created) {
      mkdirSync(d, { recursive: true });
      this.own(d);
    }
    writeFileSync(target, content);
    this.own(target);
  }

  /** Reads requested files back; symlinks and anything resolving outside the dir are skipped. */
  fetch(paths: string[]): Record<string, string> {
    const files: Record<string, string> = {};
    const root = realpathSync(this.path);
    for (const requested of paths) {
      let relative: string;
      try {
        relative = safeRelativePath(requested);
      } catch {
        continue;
      }
      const target = join(this.path, relative);
      try {
        const stat = lstatSync(target);
        if (!stat.isFile() || stat.size > FETCH_FILE_CAP_BYTES) continue;
        if (!realpathSync(target).startsWith(root + sep)) continue;
        files[requested] = readFileSync(target).toString('base64');
      } catch {
        // A file the program did not produce is simply absent from the answer.
      }
    }
    return files;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
