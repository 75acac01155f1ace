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
def ask(message, fds=()):
    if fds:
        handler.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', fds).tobytes())])
    else:
        handler.send(message)
    return handler.recv(64)
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

  it.each(['X', 'W', 'Wabc', 'W-5', 'F'])('ends the loop on a malformed message (%s) instead of guessing', (garbage) => {
    const result = run(garbage);
    expect(result.after_garbage).toBe('');
    expect(result.zygote_exit).toBe(42);
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
