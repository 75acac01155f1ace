// Builds the bubblewrap command line that isolates one program: no network, own PID/IPC/UTS/user
// namespaces, read-only system, private writable /sandbox, clean env, rlimits via prlimit. Linux only.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CodewardError } from '../shared/errors.js';

/** Resource limits applied inside the sandbox (prlimit in the cold path, setrlimit in the fork server). */
export interface SandboxLimits {
  /** CPU seconds before SIGXCPU/SIGKILL. */
  cpuSeconds: number;
  /** Address-space limit in MiB; null leaves it unlimited (JVM and V8 reserve huge virtual ranges). */
  addressSpaceMb: number | null;
  /** Processes/threads of the sandbox user inside its own user namespace. */
  processes: number;
  /** Largest file the program may write, in MiB. */
  fileSizeMb: number;
  openFiles: number;
}

/** Mount point of the private working directory inside the sandbox. */
export const SANDBOX_DIR = '/sandbox';
/** The unprivileged uid/gid a root host drops to before entering the sandbox (nobody/nogroup). */
export const SANDBOX_UID = 65534;
/** Size of the sandbox's private /tmp (tmpfs), so a disk-fill program hits a wall early. */
export const TMPFS_BYTES = 64 * 1024 * 1024;

const SANDBOX_ENV: Record<string, string> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: SANDBOX_DIR,
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
  PYTHONDONTWRITEBYTECODE: '1',
  PYTHONHASHSEED: '0',
};

/** /etc entries programs need (dynamic loader, alternatives symlinks for java); nothing with secrets. */
const ETC_SUBSET = ['/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/alternatives', '/etc/java-17-openjdk', '/etc/localtime'];

/** Top-level system paths: symlinks on merged-/usr systems are recreated, real directories bound read-only. */
function systemMounts(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    if (!existsSync(top)) continue;
    const stat = lstatSync(top);
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(top), top);
    else if (stat.isDirectory()) args.push('--ro-bind', top, top);
  }
  for (const entry of ETC_SUBSET) if (existsSync(entry)) args.push('--ro-bind', entry, entry);
  return args;
}

let cachedMounts: string[] | undefined;

/** The fd number bwrap reads the seccomp filter from; spawners put the filter there (stdio[3]). */
export const SECCOMP_FD = 3;

export interface BwrapOptions {
  /** Pass the seccomp filter at SECCOMP_FD (the spawner must provide it). */
  seccomp?: boolean;
  /** Host directory bound read-write at /sandbox; null for a sandbox with only tmpfs (the fork server). */
  workDir: string | null;
  /**
   * Host directories bound read-only at a sandbox path of their own (the fork server's scripts). Never
   * at their host path: a checkout under /tmp would then leave mount points in the sandbox's /tmp.
   */
  readOnly?: { host: string; sandbox: string }[];
  /** The command itself is PID 1 of the sandbox (bwrap --as-pid-1) and reaps its own orphans. */
  asPid1?: boolean;
  /** Variables for this command on top of the clean sandbox environment. */
  env?: Record<string, string>;
}

const binaries = new Map<string, string | null>();

/** Absolute path of a host tool, looked up once on PATH and the standard system directories;
 *  CODEWARD_BWRAP names a bubblewrap elsewhere (a missing file there fails closed, no fallback). */
export function findBinary(name: string): string | null {
  if (name === 'bwrap' && process.env.CODEWARD_BWRAP) return existsSync(process.env.CODEWARD_BWRAP) ? process.env.CODEWARD_BWRAP : null;
  if (!binaries.has(name)) {
    const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
    binaries.set(name, dirs.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? null);
  }
  return binaries.get(name) ?? null;
}

/** The argv prefix (bwrap and its options) that runs a command isolated; the command follows. */
export function bwrapArgv(options: BwrapOptions): string[] {
  cachedMounts ??= systemMounts();
  const args = [...hostUserPrefix(), findBinary('bwrap') ?? 'bwrap', '--unshare-all', '--unshare-user', '--disable-userns'];
  args.push('--die-with-parent', '--new-session', '--hostname', 'sandbox');
  if (options.seccomp) args.push('--seccomp', String(SECCOMP_FD));
  if (options.asPid1) args.push('--as-pid-1');
  args.push(...cachedMounts, '--proc', '/proc', '--dev', '/dev');
  args.push('--size', String(TMPFS_BYTES), '--tmpfs', '/tmp');
  for (const { host, sandbox } of options.readOnly ?? []) args.push('--ro-bind', host, sandbox);
  if (options.workDir) args.push('--bind', options.workDir, SANDBOX_DIR);
  else args.push('--size', String(TMPFS_BYTES), '--tmpfs', SANDBOX_DIR);
  // The root bwrap builds is a writable tmpfs; freeze it so /etc or / cannot carry state between runs.
  args.push('--remount-ro', '/', '--chdir', SANDBOX_DIR, '--clearenv');
  for (const [key, value] of Object.entries({ ...SANDBOX_ENV, ...options.env })) args.push('--setenv', key, value);
  args.push('--');
  return args;
}

/** A root host drops to nobody before bwrap, so even the sandbox's host-side uid owns nothing. */
export function hostUserPrefix(): string[] {
  if (process.getuid?.() !== 0) return [];
  return [findBinary('setpriv') ?? 'setpriv', `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, '--clear-groups', '--'];
}

/** Whether work directories must be handed to the sandbox user (host runs as root). */
export function mustChownWorkDir(): boolean {
  return process.getuid?.() === 0;
}

/** prlimit argv that applies the limits, then runs the command that follows. */
export function limitArgv(limits: SandboxLimits): string[] {
  const args = ['/usr/bin/prlimit', `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`];
  if (limits.addressSpaceMb !== null) args.push(`--as=${limits.addressSpaceMb * 1024 * 1024}`);
  args.push(`--nproc=${limits.processes}`, `--fsize=${limits.fileSizeMb * 1024 * 1024}`, `--nofile=${limits.openFiles}`, '--core=0', '--');
  return args;
}

/** The development-only escape hatch: runs without namespaces, loudly. Never a silent fallback. */
export function unsafeNoIsolation(): boolean {
  return process.env.CODEWARD_SANDBOX_UNSAFE_NO_ISOLATION === '1';
}

let availability: CodewardError | null | undefined;
let warned = false;

/** Throws sandbox_unavailable (fail closed) when bubblewrap or user namespaces are missing. */
export function assertSandboxAvailable(): void {
  if (unsafeNoIsolation()) {
    if (!warned) {
      process.stderr.write('codeward: WARNING: CODEWARD_SANDBOX_UNSAFE_NO_ISOLATION=1 — untrusted code runs WITHOUT isolation. Development only.\n');
      warned = true;
    }
    return;
  }
  if (availability === undefined) availability = probeBwrap();
  if (availability) throw availability;
}

function probeBwrap(): CodewardError | null {
  for (const tool of ['bwrap', ...(mustChownWorkDir() ? ['setpriv'] : [])]) {
    if (!findBinary(tool)) {
      const pkg = tool === 'bwrap' ? 'bubblewrap' : 'util-linux';
      return new CodewardError('sandbox_unavailable', `Cannot run untrusted code: ${tool} is not installed.`, `Install it (Debian: sudo apt-get install ${pkg}, or run scripts/setup.sh).`);
    }
  }
  const argv = [...bwrapArgv({ workDir: null }), '/bin/true'];
  const probe = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
  if (probe.error && (probe.error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new CodewardError('sandbox_unavailable', `Cannot run untrusted code: ${argv[0]} is not installed.`, 'Install bubblewrap (Debian: sudo apt-get install bubblewrap, or run scripts/setup.sh).');
  }
  if (probe.status !== 0) {
    const why = probe.stderr?.toString().trim() || probe.error?.message || `exit ${probe.status}`;
    return new CodewardError(
      'sandbox_unavailable',
      `Cannot run untrusted code: bubblewrap could not create namespaces (${why}).`,
      'Enable unprivileged user namespaces (sudo sysctl -w kernel.unprivileged_userns_clone=1 kernel.apparmor_restrict_unprivileged_userns=0) or run in a container that allows them.',
    );
  }
  return null;
}
