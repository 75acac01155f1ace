// A tiny seccomp filter handed to bwrap (--seccomp FD): ptrace and cross-process memory access fail
// with EPERM, and foreign syscall ABIs (i386, x32) are refused. Hand-assembled classic BPF.
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ARCHES: Record<string, { audit: number; blocked: number[] }> = {
  x64: { audit: 0xc000003e, blocked: [101, 310, 311] },
  arm64: { audit: 0xc00000b7, blocked: [117, 270, 271] },
};

const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_EPERM = 0x00050001;
const X32_SYSCALL_BIT = 0x40000000;

function instruction(code: number, jt: number, jf: number, k: number): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeUInt16LE(code, 0);
  buf.writeUInt8(jt, 2);
  buf.writeUInt8(jf, 3);
  buf.writeUInt32LE(k >>> 0, 4);
  return buf;
}

/** The filter as bytes, or null on an architecture we have no syscall numbers for. */
export function seccompFilter(arch = process.arch): Buffer | null {
  const spec = ARCHES[arch];
  if (!spec) return null;
  const n = spec.blocked.length;
  // Layout: arch check, load nr, x32 check, one jeq per blocked call, allow, deny.
  const denyAt = 5 + n + 1;
  const program = [
    instruction(LD_W_ABS, 0, 0, 4),
    instruction(JEQ_K, 1, 0, spec.audit),
    instruction(RET_K, 0, 0, RET_EPERM),
    instruction(LD_W_ABS, 0, 0, 0),
    instruction(JGE_K, denyAt - 5, 0, X32_SYSCALL_BIT),
    ...spec.blocked.map((nr, i) => instruction(JEQ_K, denyAt - (5 + i + 1), 0, nr)),
    instruction(RET_K, 0, 0, RET_ALLOW),
    instruction(RET_K, 0, 0, RET_EPERM),
  ];
  return Buffer.concat(program);
}

let filterPath: string | null | undefined;

/** Opens a fresh read fd on the filter for one bwrap start (bwrap reads it to the end); null if none. */
export function openSeccompFd(): number | null {
  if (filterPath === undefined) {
    const filter = seccompFilter();
    filterPath = filter ? join(tmpdir(), `codeward-seccomp-${process.arch}-${process.pid}.bpf`) : null;
    if (filter && filterPath && !existsSync(filterPath)) writeFileSync(filterPath, filter, { mode: 0o644 });
  }
  return filterPath ? openSync(filterPath, 'r') : null;
}

export function closeFd(fd: number | null): void {
  if (fd !== null) closeSync(fd);
}
