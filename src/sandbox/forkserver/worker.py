# codeward fork server: a warm Python that lives inside one bubblewrap sandbox and forks a child per
# execution. Two processes share the work:
# - the zygote (PID 1 of the sandbox's PID namespace, bwrap --as-pid-1) is the pristine template every
#   child is forked from. It only forks, reaps and answers the handler; it never parses a request, so no
#   run can find another run's code, input or tests in the memory it inherits.
# - the handler (PID 2) speaks the JSON-lines protocol, feeds each child its request, watches it, and
#   afterwards kills every other process (kill(-1) spares PID 1 and the caller).
# The split also keeps copy-on-write off the handler: after a fork every page of the forking process is
# shared, and the single process this replaced copied each page it touched while its child lived (~190
# page faults a run); the zygote takes ~50. Throughput stayed within this VM's noise: the fork, the
# child's own page faults and its exit cost more.
import base64
import builtins
import ctypes
import gc
import io
import json
import marshal
import os
import resource
import select
import _socket
import array
import signal
import stat as stat_module
import sys
import time
import traceback
import types

# The worker starts with -S: site's start-up would import ~40 more modules (threading and random among
# them, whose at-fork hooks then run Python code in every child) and execute the host's .pth hooks,
# and every page of that makes each fork slower. What programs rely on from site is restored below.
import site
# Warm imports: the small modules most generated programs use (HumanEval: typing, math). Each extra
# megabyte of template memory makes every fork slower, so heavier modules load in the child on demand.
# Not random: it reseeds itself from os.urandom after every os.fork (~0.15 ms of child CPU per run),
# while only a few programs import it (5 of 164 HumanEval tasks mention it).
import bisect, collections, functools, heapq, itertools, math, operator, re, string, typing  # noqa: E401,F401

from codeward_harness import STATUS_FD, emit, exit_code_of, run_harness, run_pytest

# Set by the pool for the dynamic loader, which has acted on it by now; programs get a clean environment.
os.environ.pop('LD_BIND_NOW', None)

BASE_DIR = '/sandbox'
# The child's last status line (see report_exit); the handler strips it from the events it returns.
EXIT_RECORD = b'{"e":"exit","code":'
# The handler's probe child writes this when it stops (stop_for_probe).
PROBE_DONE = b'{"e":"probe"}\n'
RUN_DIR = '/sandbox/run'
TMP_DIR = '/tmp'


def site_package_dirs():
    """The system's package directories, as site would add them, with the plain path lines of their
    .pth files; .pth `import` lines (host start-up hooks) are deliberately not executed."""
    dirs = []
    for base in site.getsitepackages():
        if not os.path.isdir(base):
            continue
        dirs.append(base)
        for name in sorted(os.listdir(base)):
            if not name.endswith('.pth'):
                continue
            try:
                with open(os.path.join(base, name), encoding='utf-8') as handle:
                    lines = handle.read().splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for line in lines:
                line = line.strip()
                if not line or line.startswith(('#', 'import ', 'import\t')):
                    continue
                path = os.path.join(base, line)
                if os.path.isdir(path) and path not in dirs:
                    dirs.append(path)
    return dirs


BASE_PATH = [p for p in sys.path if p.startswith('/usr/')] + site_package_dirs()
PR_SET_DUMPABLE = 4
STDIO = []


def make_undumpable():
    # A non-dumpable zygote or handler cannot be ptraced or have /proc/<pid>/mem read by same-uid children.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except Exception:
        pass


def child_main(req, stdin_path, out_w, err_w, st_w, probe=False):
    """Runs in the forked child: limit, wire up stdio, then execute the program (and the harness).

    The zygote prepared everything that does not depend on the request (signal dispositions, sys.argv,
    sys.path, stdio objects) so the child touches as few inherited pages as possible: every
    page it writes is copied, and those copies cost more than the fork.
    """
    code = 1
    try:
        stdin_fd = os.open(stdin_path, os.O_RDONLY)
        os.dup2(stdin_fd, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.dup2(st_w, STATUS_FD)
        os.closerange(STATUS_FD + 1, 65536)
        limits = req['limits']
        mem = limits['memoryMb'] * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        cpu = limits['cpuSeconds']
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_NPROC, (limits['processes'], limits['processes']))
        fsize = limits['fileSizeMb'] * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
        code = execute(req, RUN_DIR)
    except BaseException:
        try:
            traceback.print_exc()
        except BaseException:
            pass
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        for stream in STDIO:
            try:
                stream.flush()
            except BaseException:
                pass
        if probe:
            stop_for_probe()
        report_exit(code)
        os._exit(code)


def stop_for_probe():
    """The end of the handler's probe run (probe_warm_pages): stopped, so the handler can list the pages
    this run copied before it is killed. Two plain calls, so the list is the run's and not this code's."""
    os.write(STATUS_FD, PROBE_DONE)
    os.kill(os.getpid(), signal.SIGSTOP)


def report_exit(code):
    """The child's last act before os._exit: write its exit code on the status pipe, after the flushes,
    so everything it wrote to stdout and stderr is already in their pipes. The handler answers on this
    line instead of waiting for the exit itself (the kernel unmapping the address space takes ~0.5 ms
    here, more than the rest of a trivial run).

    A program could write this line itself, but it would only claim an exit code it can produce anyway
    with os._exit(), and the handler still kills and reaps everything before the next run starts."""
    try:
        os.write(STATUS_FD, b'%s%d}\n' % (EXIT_RECORD, code & 0xFF))
    except OSError:
        pass


def prepare_template():
    """What every child inherits unchanged: a pristine interpreter set up once, before any fork."""
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGALRM, signal.SIGUSR1, signal.SIGUSR2, signal.SIGQUIT):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # exit(), quit(), help(), copyright and license, as under a normal interpreter.
    site.setquit()
    site.setcopyright()
    site.sethelper()
    sys.argv = ['solution.py']
    sys.path[:] = [RUN_DIR] + BASE_PATH
    # Bound to fds 0-2 (the zygote's /dev/null); in a child the same fds are its pipes, and the
    # buffers are empty because the zygote never writes to them.
    sys.stdin = io.TextIOWrapper(io.FileIO(0, 'r', closefd=False), encoding='utf-8', errors='replace')
    sys.stdout = io.TextIOWrapper(io.FileIO(1, 'w', closefd=False), encoding='utf-8', errors='backslashreplace')
    sys.stderr = io.TextIOWrapper(io.FileIO(2, 'w', closefd=False), encoding='utf-8', errors='backslashreplace', line_buffering=True)
    # Kept so a child flushes them even if the program rebinds sys.stdout/sys.stderr.
    STDIO.extend([sys.stdout, sys.stderr])


def execute(req, run_dir):
    source = req['code']
    path = os.path.join(run_dir, 'solution.py')
    try:
        program = compile(source, path, 'exec')
    except (SyntaxError, ValueError) as err:
        traceback.print_exception(type(err), err, None)
        emit({'e': 'syntax_error'})
        return 1
    harness = req.get('harness')
    if harness is not None and harness.get('pytest') is not None:
        return run_pytest(run_dir, source, harness)
    # The harness stays reachable through our own references only, so `import codeward_harness`
    # cannot be used to patch the verdict logic.
    sys.modules.pop('codeward_harness', None)
    # A script runs as __main__; under a test harness the program is imported as module `solution`
    # (as the HumanEval and APPS harnesses do), so its `if __name__ == '__main__':` demo does not run.
    name = '__main__' if harness is None else 'solution'
    module = types.ModuleType(name)
    module.__file__ = path
    module.__builtins__ = builtins
    sys.modules[name] = module
    namespace = module.__dict__
    try:
        exec(program, namespace)
    except SystemExit as err:
        if harness is None:
            return exit_code_of(err)
        emit({'e': 'program_exit'})
        return exit_code_of(err) or 1
    except MemoryError as err:
        emit({'e': 'memory'})
        print_program_error(err)
        return 1
    except BaseException as err:
        print_program_error(err)
        emit({'e': 'program_error'})
        return 1
    if harness is None:
        return 0
    return run_harness(namespace, harness)


def print_program_error(err):
    # Drop our own frame so the traceback starts in the program, like a plain `python3 solution.py`.
    tb = err.__traceback__.tb_next if err.__traceback__ is not None else None
    traceback.print_exception(type(err), err, tb)


class CappedReader:
    def __init__(self, fd, cap):
        self.fd, self.cap, self.chunks, self.size, self.truncated, self.open = fd, cap, [], 0, False, True

    def read(self):
        data = os.read(self.fd, 65536)
        if not data:
            self.open = False
            return True
        room = self.cap - self.size
        if len(data) > room:
            self.chunks.append(data[:max(room, 0)])
            self.size = self.cap
            self.truncated = True
            return False
        self.chunks.append(data)
        self.size += len(data)
        return True

    def text(self):
        return b''.join(self.chunks).decode('utf-8', errors='replace')


def kill_everyone_else(zygote):
    """kill(-1) reaches every process in this PID namespace but the zygote (PID 1) and the handler; a
    killed process stays visible to it until reaped, and the zygote, their parent or adoptive parent,
    reaps them. Repeat until none is left."""
    for attempt in range(200):
        if attempt > 2:
            time.sleep(0.001)
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        zygote.reap()
    return False


def clear_dir(path):
    """Removes everything inside `path` (not `path` itself); True when it ends up empty.

    Not shutil.rmtree: importing shutil maps zlib, bz2 and lzma into the template, and every mapped page
    makes each fork slower. A post-order walk on an explicit stack, since a program can nest directories
    deeper than Python's recursion limit; symlinks are unlinked, never followed; files and directories a
    program made read-only are made writable first. Anything left over raises OSError or is reported by
    the False return, and the worker is then retired."""
    try:
        # The common case: the program left nothing here.
        if os.stat(path).st_size == EMPTY_DIR_SIZE if SIZES_COUNT_ENTRIES else not os.listdir(path):
            return True
    except OSError:
        pass
    stack = [(path, False)]
    while stack:
        current, emptied = stack.pop()
        if emptied:
            if current != path:
                remove(os.rmdir, current)
            continue
        stack.append((current, True))
        for entry in entries_of(current):
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, False))
            else:
                remove(os.unlink, entry.path)
    return not os.listdir(path)


def entries_of(path):
    try:
        return list(os.scandir(path))
    except FileNotFoundError:
        return []
    except PermissionError:
        force_writable(path)
        return list(os.scandir(path))


def remove(func, path):
    try:
        func(path)
    except FileNotFoundError:
        pass
    except OSError:
        force_writable(os.path.dirname(path))
        func(path)


# tmpfs, which bwrap mounts at /sandbox and /tmp, sizes a directory at 20 bytes an entry, '.' and '..'
# included, so a stat tells an empty one apart (a listing is five system calls). Relied on only once
# sizes_count_entries() has seen it on both.
EMPTY_DIR_SIZE = 40
SIZES_COUNT_ENTRIES = False


def sizes_count_entries():
    """Whether /sandbox and /tmp (both empty now) report their entries in their size: tried with a
    file created and removed in each."""
    try:
        for path in (BASE_DIR, TMP_DIR):
            if os.stat(path).st_size != EMPTY_DIR_SIZE:
                return False
            trial = os.path.join(path, '.cw-size-trial')
            os.close(os.open(trial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            try:
                grown = os.stat(path).st_size > EMPTY_DIR_SIZE
            finally:
                os.unlink(trial)
            if not grown or os.stat(path).st_size != EMPTY_DIR_SIZE:
                return False
        return True
    except OSError:
        return False


def wipe_sandbox():
    """Empties /sandbox and /tmp. Most programs leave the run dir empty: one rmdir (which only ever
    removes an empty directory) then spares the tree walk; anything else takes the full wipe."""
    try:
        os.rmdir(RUN_DIR)
    except OSError:
        pass
    return clear_dir(BASE_DIR) and clear_dir(TMP_DIR)


def force_writable(path):
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass


def fetch_files(run_dir, paths):
    files = {}
    if not paths:
        return files
    root = os.path.realpath(run_dir)
    for requested in paths:
        rel = requested[len(BASE_DIR) + 1:] if requested.startswith(BASE_DIR + '/') else requested
        target = os.path.join(run_dir, rel)
        if not os.path.realpath(target).startswith(root + '/'):
            continue
        try:
            if not stat_module.S_ISREG(os.lstat(target).st_mode):
                continue
            fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, 'rb') as handle:
                data = handle.read(8 * 1024 * 1024 + 1)
            if len(data) <= 8 * 1024 * 1024:
                files[requested] = base64.b64encode(data).decode()
        except OSError:
            pass
    return files


class Zygote:
    """The handler's end of the zygote's socket: one request, one answer (SOCK_SEQPACKET keeps them whole)."""

    def __init__(self, sock):
        self.sock = sock

    def ask(self, message, fds=()):
        if fds:
            self.sock.sendmsg([message], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, array.array('i', fds).tobytes())])
        else:
            self.sock.send(message)
        answer = self.sock.recv(64)
        if not answer:
            raise OSError('the zygote is gone')
        return int(answer)

    def fork(self, fds, probe=False):
        """A new child of the zygote holding `fds` (its stdout, stderr, status and control pipe ends);
        `probe`: one whose pagemap the handler can read (probe_warm_pages), native zygote only."""
        return self.ask(b'Fp' if probe else b'F', fds)

    def wait(self, pid):
        """The exit status of a child that has exited or been killed; also reaps every other zombie."""
        status = self.ask(b'W%d' % pid)
        if status < 0:
            raise OSError('the zygote has no child %d' % pid)
        return status

    def reap(self):
        return self.ask(b'R')

    def warm(self, pages):
        """Tells the (native) zygote which pages each new child should copy at once; returns how many of
        them it kept (those in its own writable mappings)."""
        self.sock.send(b'P%d' % len(pages))
        return self.ask(pages.tobytes())


class Spare:
    """A child forked ahead of time from the zygote, waiting in a fresh run dir for its one request,
    so the fork and the child's own set-up happen between requests, not during one."""

    def __init__(self, zygote, probe=False):
        os.mkdir(RUN_DIR, 0o700)
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        self.st_r, st_w = os.pipe()
        ctl_r, self.ctl_w = os.pipe()
        try:
            self.pid = zygote.fork((out_w, err_w, st_w, ctl_r), probe)
        finally:
            for fd in (out_w, err_w, st_w, ctl_r):
                os.close(fd)
        self.pidfd = os.pidfd_open(self.pid)

    def start(self, line, stdin_path, setup_code=b'', probe=False):
        """Hands the request to the waiting child: a header line (the size of what follows, the size of the
        compiled test setup, whether this is the handler's own probe run, the stdin path), the setup, then
        the request line. The sizes let the child stop reading without waiting for the pipe's end, which
        would wake it a second time. Only the handler writes the header, so no request can be a probe."""
        try:
            header = b'%d %d %d %s\n' % (len(setup_code) + len(line), len(setup_code), probe, stdin_path.encode())
            view = memoryview(header + setup_code + line)
            while view:
                view = view[os.write(self.ctl_w, view):]
        finally:
            os.close(self.ctl_w)

    def close(self):
        for fd in (self.out_r, self.err_r, self.st_r, self.pidfd):
            os.close(fd)


def spare_main(sock, fds):
    """Runs in a child of the zygote: waits for its one request on the control pipe, then runs it."""
    out_w, err_w, st_w, ctl_r = fds
    sock.close()
    os.setsid()
    os.chdir(RUN_DIR)
    data = b''
    needed = None
    while needed is None or len(data) < needed:
        # Not 1 MB at a time: a buffer that size is an mmap, an mremap and a munmap in every child.
        chunk = os.read(ctl_r, 65536)
        if not chunk:
            os._exit(0)  # the handler is gone, or shut this spare down
        data += chunk
        if needed is None and b'\n' in data:
            header, _, _ = data.partition(b'\n')
            needed = len(header) + 1 + int(header.split(b' ', 1)[0])
    header, _, rest = data.partition(b'\n')
    _, setup_size, probe, stdin_path = header.split(b' ', 3)
    setup_size = int(setup_size)
    req = json.loads(rest[setup_size:])
    if setup_size:
        req['harness']['setup_code'] = marshal.loads(rest[:setup_size])
    child_main(req, stdin_path.decode(), out_w, err_w, st_w, probe == b'1')


class SetupCache:
    """Test setups compiled once in the handler and handed to each child as marshal data, which loads in
    ~7 us where compiling takes ~200 (HumanEval's tests, mean). RL scores many samples of each problem
    against the same tests, so the same setup comes back again and again.

    Compiling here only parses the caller's test code, never the program. Large setups are left to the
    child, where compiling counts against the run's own limits; a setup that does not compile is too,
    so its error is reported as before."""

    MAX_SOURCE = 64 * 1024
    MAX_BYTES = 8 * 1024 * 1024

    def __init__(self):
        self.entries = {}  # setup source -> marshal'd code; dicts keep insertion order, oldest first
        self.size = 0

    def code_for(self, req):
        harness = req.get('harness')
        setup = harness.get('setup') if harness is not None and harness.get('pytest') is None else None
        if not setup or len(setup) > self.MAX_SOURCE:
            return b''
        code = self.entries.pop(setup, None)
        if code is None:
            try:
                code = marshal.dumps(compile(setup, '<test setup>', 'exec'))
            except Exception:
                code = b''
            self.size += len(setup) + len(code)
            while self.entries and self.size > self.MAX_BYTES:
                oldest = next(iter(self.entries))
                self.size -= len(oldest) + len(self.entries.pop(oldest))
        self.entries[setup] = code  # most recently used last
        return code


def reap_all():
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def native_zygote_loop(path):
    """The zygote's loop in C (native/zygote/zygote.c), loaded from `path` (the pool passes it when built).

    Every page the zygote writes while a child lives is copied (copy-on-write); this Python loop writes
    ~45 a run (refcounts, its frame, the allocator), the C one only its own stack: measured 297 -> 263
    page faults per trivial run. PyDLL keeps the GIL held, as os.fork() needs for CPython's fork hooks."""
    try:
        loop = ctypes.PyDLL(path).codeward_zygote_loop
    except (OSError, AttributeError) as err:
        # Built but unusable is a broken install, not a reason to slow down unnoticed: the pool reports
        # this start failure; nativeZygote: false (or removing native/zygote/build) runs the Python loop.
        sys.exit('codeward fork server: cannot load the native zygote %s (%s); rebuild it with npm run build:native' % (path, err))
    loop.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    loop.restype = ctypes.c_int
    return loop


def zygote_loop(sock, native):
    """The zygote's whole life after start-up: fork, wait and reap on the handler's word, nothing else."""
    if native is None:
        python_zygote_loop(sock)
        return
    fds = (ctypes.c_int * 4)()
    gc.freeze()
    # Returns 0 in each new child (its four descriptors in fds), -1 in the zygote when the handler is gone.
    if native(sock.fileno(), fds) == 0:
        try:
            spare_main(sock, list(fds))
        finally:
            os._exit(1)
    os._exit(0)


def python_zygote_loop(sock):
    """The same loop in Python, when the C one is not built (or nativeZygote: false). Every object it
    allocates lands on a page its children share, so it stays small."""
    fd_bytes = _socket.CMSG_SPACE(4 * array.array('i').itemsize)
    while True:
        # Move anything the last round allocated out of the collector's reach: a child whose first
        # collection walks inherited objects copies their pages (copy-on-write), which costs more than the fork.
        gc.freeze()
        try:
            message, ancillary, _, _ = sock.recvmsg(64, fd_bytes)
        except OSError:
            break
        if not message:
            break
        op = message[:1]
        if op == b'F':
            fds = array.array('i')
            for _, _, data in ancillary:
                fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
            if len(fds) != 4:
                break
            pid = os.fork()
            if pid == 0:
                # Whatever happens in the child, it must never return into this loop as a second zygote.
                try:
                    spare_main(sock, fds)
                finally:
                    os._exit(1)
            for fd in fds:
                os.close(fd)
            sock.send(b'%d' % pid)
        elif op == b'W':
            try:
                status = os.waitpid(int(message[1:]), 0)[1]
            except ChildProcessError:
                status = -1
            reap_all()
            sock.send(b'%d' % status)
        elif op == b'R':
            reap_all()
            sock.send(b'0')
        else:
            break
    # As PID 1, the zygote's exit takes every process in the sandbox with it.
    os._exit(0)


def serve_one(req, line, spare, zygote, counter, setups):
    """Runs one request on `spare`. Returns the response and whether the sandbox still needs cleaning
    (finish_run) after it is sent: when the child reported its exit and the request fetches no files, the
    answer goes out first, and reaping, killing leftovers and wiping follow before the next request is
    read, so no run ever starts in a sandbox that is not clean."""
    for rel, b64 in (req.get('files') or {}).items():
        target = os.path.join(RUN_DIR, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'wb') as handle:
            handle.write(base64.b64decode(b64))
    stdin_path = '/dev/null'
    if req.get('stdin'):
        stdin_path = os.path.join(TMP_DIR, '.cw-stdin-%d' % counter)
        with open(stdin_path, 'wb') as handle:
            handle.write(req['stdin'].encode())
    pid, pidfd = spare.pid, spare.pidfd
    cap = req['outputCapBytes']
    out, err, st = CappedReader(spare.out_r, cap), CappedReader(spare.err_r, cap), CappedReader(spare.st_r, 1024 * 1024)
    started = time.perf_counter()
    deadline = started + req['timeoutMs'] / 1000.0
    spare.start(line, stdin_path, setups.code_for(req))
    timed_out = exceeded = False
    status = reported = None
    while status is None and reported is None:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            timed_out = True
            break
        watched = [r.fd for r in (out, err, st) if r.open] + [pidfd]
        ready, _, _ = select.select(watched, [], [], remaining)
        for reader in (out, err, st):
            if reader.fd in ready and not reader.read() and reader is not st:
                exceeded = True
        if exceeded:
            break
        if st.fd in ready:
            reported = take_exit_record(st)
        if reported is None and pidfd in ready:
            status = zygote.wait(pid)
    duration = (time.perf_counter() - started) * 1000
    if status is None and reported is None:
        os.kill(pid, signal.SIGKILL)
        status = zygote.wait(pid)
    deferred = reported is not None and not req.get('fetchFiles')
    clean = True
    files = {}
    if deferred:
        # The child wrote its record after flushing its output, so what it wrote is in the pipes now;
        # only processes it left behind could add more, and they are killed after the answer.
        for reader in (out, err):
            while reader.open and select.select([reader.fd], [], [], 0)[0] and reader.read():
                pass
    else:
        if status is None:
            status = reap_child(spare, zygote)
        clean = kill_everyone_else(zygote)
        for reader in (out, err, st):
            while reader.open:
                ready, _, _ = select.select([reader.fd], [], [], 0.2)
                if not ready or not reader.read():
                    break
        spare.close()
        try:
            files = fetch_files(RUN_DIR, req.get('fetchFiles') or [])
            clean = wipe_sandbox() and clean
        except OSError:
            # The program left something we cannot clear (e.g. chmod 000 on /sandbox): answer its run
            # normally, then retire this worker instead of reusing a dirty sandbox.
            clean = False
    response = {
        'id': req['id'],
        # A child that reported its exit is killed when reaped (reap_child): its record is the verdict.
        'exitCode': reported if reported is not None else (os.WEXITSTATUS(status) if os.WIFEXITED(status) else None),
        'signal': signal.Signals(os.WTERMSIG(status)).name if reported is None and os.WIFSIGNALED(status) else None,
        'stdout': out.text(), 'stderr': err.text(),
        'stdoutTruncated': out.truncated, 'stderrTruncated': err.truncated,
        'timedOut': timed_out, 'outputExceeded': exceeded,
        # The harness's event lines as written; the pool parses them (cheaper there than here).
        'durationMs': duration, 'status': st.text(), 'files': files, 'tainted': not clean,
    }
    return response, deferred


def take_exit_record(reader):
    """The exit code from the child's exit record (report_exit) when it ends what `reader` has read so
    far, removed from the captured text; None otherwise. The record is one write of a few bytes, so a
    pipe delivers it whole, and nothing follows it from the child."""
    if not reader.chunks:
        return None
    chunk = reader.chunks[-1]
    at = chunk.rfind(EXIT_RECORD)
    if at < 0 or (at > 0 and chunk[at - 1:at] != b'\n') or not chunk.endswith(b'}\n'):
        return None
    try:
        code = int(chunk[at + len(EXIT_RECORD):-2])
    except ValueError:
        return None
    reader.chunks[-1] = chunk[:at]
    reader.size -= len(chunk) - at
    return code


def reap_child(spare, zygote):
    """The wait status of a child that has reported its exit. Its run is over: SIGKILL does nothing to a
    child already inside exit(), and ends one whose record was forged by the program at once, so no
    program can hold its worker up after the answer. Still our unreaped child, so the PID is its own."""
    try:
        os.kill(spare.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return zygote.wait(spare.pid)


def finish_run(spare, zygote):
    """The cleanup serve_one left for after the answer: reap the child, kill and reap whatever it left
    running, empty the sandbox. False when the sandbox cannot be made clean."""
    try:
        reap_child(spare, zygote)
        clean = kill_everyone_else(zygote)
        spare.close()
        return wipe_sandbox() and clean
    except OSError:
        return False


PROBE_REQUEST = b'{"id": 0, "code": "pass", "stdin": "", "timeoutMs": 5000, "outputCapBytes": 65536, "limits": {"memoryMb": 512, "cpuSeconds": 5, "processes": 64, "fileSizeMb": 16}}\n'
MAX_WARM_PAGES = 16384  # 128 kB: one message on the zygote's socket


def probe_warm_pages(zygote):
    """Runs a trivial program in a child that stops when done instead of exiting, and has the zygote
    copy, in every later child, the template pages that run had to copy (exclusively mapped in its
    pagemap): every run writes them, so their copy-on-write faults (~4 us each here) move from the run
    to the idle child waiting for it. The probe is a fixed program, so no request shapes the list.
    Returns how many pages the zygote kept; any failure leaves the worker as it was (0)."""
    spare = Spare(zygote, probe=True)
    try:
        spare.start(PROBE_REQUEST, '/dev/null', probe=True)
        status = CappedReader(spare.st_r, 65536)
        deadline = time.monotonic() + 5
        while not b''.join(status.chunks).endswith(PROBE_DONE):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([spare.st_r], [], [], left)[0] or not status.read() or not status.open:
                return 0
        while open('/proc/%d/stat' % spare.pid).read().rpartition(')')[2].split()[0] != 'T':
            if time.monotonic() > deadline:
                return 0
            time.sleep(0.0005)
        pages = exclusive_pages(spare.pid)[:MAX_WARM_PAGES]
    except (OSError, ValueError):
        return 0
    finally:
        try:
            os.kill(spare.pid, signal.SIGKILL)
        except OSError:
            pass
        zygote.wait(spare.pid)
        spare.close()
        wipe_sandbox()
    return zygote.warm(pages) if pages else 0


def exclusive_pages(pid):
    """Addresses of the pages in `pid`'s writable private mappings that only it maps: the ones it copied
    or first touched since its fork."""
    pages = array.array('Q')
    with open('/proc/%d/maps' % pid) as handle:
        maps = handle.read().splitlines()
    fd = os.open('/proc/%d/pagemap' % pid, os.O_RDONLY)
    try:
        for line in maps:
            span, perms = line.split()[:2]
            if perms[:2] != 'rw' or perms[3] != 'p':
                continue
            start, end = (int(x, 16) for x in span.split('-'))
            entries = array.array('Q')
            entries.frombytes(os.pread(fd, ((end - start) >> 12) * 8, (start >> 12) * 8))
            # Bit 63: present; bit 56: mapped by this process only.
            pages.extend(start + (i << 12) for i, entry in enumerate(entries) if entry >> 63 and entry >> 56 & 1)
    finally:
        os.close(fd)
    return pages


def handler_main(proto_in, proto_out, zygote, native):
    global SIZES_COUNT_ENTRIES
    SIZES_COUNT_ENTRIES = sizes_count_entries()
    warm = 0
    if native:
        try:
            warm = probe_warm_pages(zygote)
        except Exception:
            pass  # served without the warm pages; a sandbox the probe left dirty fails the next Spare()
    spare = Spare(zygote)
    proto_out.write(b'{"ready":true,"warmPages":%d}\n' % warm)
    proto_out.flush()
    counter = 0
    setups = SetupCache()
    for line in proto_in:
        counter += 1
        req = json.loads(line)
        deferred = False
        try:
            resp, deferred = serve_one(req, line, spare, zygote, counter, setups)
        except Exception as exc:
            kill_everyone_else(zygote)
            resp = {'id': req.get('id'), 'error': '%s: %s' % (type(exc).__name__, exc), 'tainted': True}
        proto_out.write((json.dumps(resp) + '\n').encode())
        proto_out.flush()
        if deferred and not finish_run(spare, zygote):
            # Its run was answered already; the pool sends whatever it queued here to another worker.
            proto_out.write(b'{"retired":true}\n')
            proto_out.flush()
            return
        if resp.get('tainted'):
            return
        # The next child is forked while the caller digests this answer.
        spare = Spare(zygote)


def main():
    # --native-zygote=PATH: the pool bound the built C loop there; without it the zygote loops in Python.
    native_path = next((arg.split('=', 1)[1] for arg in sys.argv[1:] if arg.startswith('--native-zygote=')), None)
    if os.getpid() != 1:
        sys.exit('codeward fork server: must start as PID 1 of its own PID namespace (bwrap --unshare-pid --as-pid-1): kill(-1) would reach the host')
    # Loaded while stderr still reaches the pool, so a broken build says why the worker did not start.
    native = native_zygote_loop(native_path) if native_path else None
    proto_in_fd, proto_out_fd = os.dup(0), os.dup(1)
    devnull = os.open('/dev/null', os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    make_undumpable()
    prepare_template()
    zygote_end, handler_end = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_SEQPACKET)
    if os.fork() == 0:
        zygote_end.close()
        try:
            handler_main(os.fdopen(proto_in_fd, 'rb'), os.fdopen(proto_out_fd, 'wb'), Zygote(handler_end), native is not None)
        finally:
            os._exit(0)
    # The zygote keeps no protocol descriptor: children never inherit one, and the handler's exit is
    # seen as the end of its socket.
    handler_end.close()
    os.close(proto_in_fd)
    os.close(proto_out_fd)
    zygote_loop(zygote_end, native)


if __name__ == '__main__':
    main()
