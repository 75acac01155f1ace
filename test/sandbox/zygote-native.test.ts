// The fork server's C zygote loop (native/zygote/zygote.c), driven directly over its socket protocol
// from a plain python3: F forks a child holding four passed descriptors, W<pid> waits for it, R reaps,
// and anything malformed ends the loop instead of being guessed at.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeZygoteDir, workerScriptPath } from '../../src/sandbox/forkserver/worker.js';
import { bwrapArgv } from '../../src/sandbox/isolation.js';

/** The handler's side of the protocol, shared by both drivers: one message (with descriptors), one answer. */
const ASK = String.raw`def ask(message, fds=()):
    if fds:
        handler.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', fds).tobytes())])
    else:
        handler.send(message)
    return handler.recv(64)`;

const driver = String.raw`
import array, ctypes, json, os, socket, sys
lib = ctypes.PyDLL(sys.argv[1]).codeward_zygote_loop
lib.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
lib.restype = ctypes.c_int
zyg, handler = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
if os.fork() == 0:
    handler.close()
    fds = (ctypes.c_int * 4)()
    if lib(zyg.fileno(), fds) == 0:
        # A forked child: the Python interpreter works and it holds the four descriptors it was sent.
        os.write(fds[0], json.dumps({'pid': os.getpid(), 'fds': len(set(fds))}).encode())
        os._exit(7)
    os._exit(42)  # the loop returned -1: the handler is gone or sent garbage
zyg.close()
${ASK}
pipes = [os.pipe() for _ in range(4)]
pid = int(ask(b'F', [w for _, w in pipes]))
for _, w in pipes:
    os.close(w)
hello = json.loads(os.read(pipes[0][0], 200))
status = int(ask(b'W%d' % pid))
reaped = int(ask(b'R'))
garbage = ask(sys.argv[2].encode())
zygote_exit = os.waitstatus_to_exitcode(os.wait()[1])
print(json.dumps({'pid': pid, 'hello': hello, 'exit': os.waitstatus_to_exitcode(status), 'reaped': reaped, 'after_garbage': garbage.decode(), 'zygote_exit': zygote_exit}))
`;

// P<n>, then n page addresses: a writable page of the zygote's, the unmapped page 0x1000 and a page of
// read-only text. A child from F reports whether its copy of the writable page is its own (pagemap bit
// 56, read while it is briefly made dumpable by the driver) and the byte there; a child from Fp whether
// it is dumpable, as the probe must be and no run may be.
const warmDriver = String.raw`
import array, ctypes, json, os, socket, sys
libc = ctypes.CDLL(None)
lib = ctypes.PyDLL(sys.argv[1]).codeward_zygote_loop
lib.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
lib.restype = ctypes.c_int
page = ctypes.create_string_buffer(3 * 4096)
target = (ctypes.addressof(page) + 4095) // 4096 * 4096
ctypes.memset(target, 42, 4096)
text = ctypes.cast(libc.getpid, ctypes.c_void_p).value // 4096 * 4096
zyg, handler = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
if os.fork() == 0:
    handler.close()
    libc.prctl(4, 0, 0, 0, 0)  # undumpable, like the worker's zygote
    fds = (ctypes.c_int * 4)()
    if lib(zyg.fileno(), fds) == 0:
        dumpable = libc.prctl(3, 0, 0, 0, 0)
        libc.prctl(4, 1, 0, 0, 0)
        with open('/proc/self/pagemap', 'rb') as pm:
            pm.seek(target // 4096 * 8)
            entry = int.from_bytes(pm.read(8), 'little')
        os.write(fds[0], json.dumps({'dumpable': dumpable, 'byte': ctypes.string_at(target, 1)[0], 'copied': entry >> 56 & 1}).encode())
        os._exit(0)
    os._exit(42)
zyg.close()
${ASK}
handler.send(b'P3')
kept = int(ask(array.array('Q', [target, 0x1000, text]).tobytes()))
reports = {}
for name, op in (('child', b'F'), ('probe', b'Fp')):
    pipes = [os.pipe() for _ in range(4)]
    pid = int(ask(op, [w for _, w in pipes]))
    for _, w in pipes:
        os.close(w)
    reports[name] = json.loads(os.read(pipes[0][0], 200))
    ask(b'W%d' % pid)
print(json.dumps({'kept': kept, **reports}))
`;

const dir = nativeZygoteDir();

describe('native zygote loop', () => {
  const run = (garbage: string) => {
    const out = spawnSync('/usr/bin/python3', ['-S', '-c', driver, join(dir!, 'zygote.node'), garbage], { encoding: 'utf8', timeout: 10_000 });
    expect(out.status, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as { pid: number; hello: { pid: number; fds: number }; exit: number; reaped: number; after_garbage: string; zygote_exit: number };
  };

  it('is built where npm install builds it (scripts/setup.sh fails when it does not)', () => {
    expect(dir).not.toBeNull();
  });

  it('forks a working Python child with the passed descriptors, waits for it and reaps', () => {
    const result = run('X');
    expect(result.hello).toEqual({ pid: result.pid, fds: 4 });
    expect(result.exit).toBe(7);
    expect(result.reaped).toBe(0);
  });

  it.each(['X', 'W', 'Wabc', 'W-5', 'F', 'P', 'Px', 'P-1', 'P99999999'])('ends the loop on a malformed message (%s) instead of guessing', (garbage) => {
    const result = run(garbage);
    expect(result.after_garbage).toBe('');
    expect(result.zygote_exit).toBe(42);
  });

  it('keeps only warm pages inside its writable mappings, copies them in each child unchanged, and makes only a probe child dumpable', () => {
    const out = spawnSync('/usr/bin/python3', ['-S', '-c', warmDriver, join(dir!, 'zygote.node')], { encoding: 'utf8', timeout: 10_000 });
    expect(out.status, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as { kept: number; child: { dumpable: number; byte: number; copied: number }; probe: { dumpable: number } };
    // Of the three addresses, one is in the unmapped first page and one in read-only text.
    expect(result.kept).toBe(1);
    expect(result.child).toEqual({ dumpable: 0, byte: 42, copied: 1 });
    expect(result.probe.dumpable).toBe(1);
  });

  it('refuses to start, saying why, when the built library cannot load (no silent fall back to the Python loop)', () => {
    const broken = mkdtempSync(join(tmpdir(), 'codeward-zygote-'));
    try {
      writeFileSync(join(broken, 'zygote.node'), 'not a shared object');
      const readOnly = [{ host: dirname(workerScriptPath()), sandbox: '/opt/codeward' }, { host: broken, sandbox: '/opt/codeward-native' }];
      const argv = [...bwrapArgv({ workDir: null, readOnly, asPid1: true }), '/usr/bin/python3', '-E', '-s', '-S', '-B', '/opt/codeward/worker.py', '--native-zygote=/opt/codeward-native/zygote.node'];
      const out = spawnSync(argv[0], argv.slice(1), { input: '', encoding: 'utf8', timeout: 10_000, env: {} });
      expect(out.status).not.toBe(0);
      expect(out.stderr).toContain('cannot load the native zygote');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
