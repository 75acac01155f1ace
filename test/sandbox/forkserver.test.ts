// The fork server's promises: no state leaks from one run to the next on the same worker, dead or
// tainted workers are replaced, and the bounded queue pushes back with queue_full.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../src/sandbox/index.js';
import { CodewardError } from '../../src/shared/errors.js';
import { ForkServerWorker, nativeZygoteDir, workerScriptPath } from '../../src/sandbox/forkserver/worker.js';

/** One worker, so consecutive runs are guaranteed to land on the same fork server. */
const sandbox = new Sandbox({ size: 1 });
afterAll(() => sandbox.close());

async function py(code: string, runTimeoutMs = 5000) {
  const result = await sandbox.runCode({ language: 'python', code, runTimeoutMs });
  return result;
}

/** Other processes a run can see: none but PID 1 (the zygote) and PID 2 (the handler) when clean. */
async function strayProcesses(): Promise<string> {
  const probe = await py("import os\nprint([p for p in os.listdir('/proc') if p.isdigit() and p not in ('1', '2', str(os.getpid()))])");
  expect(probe.status, probe.stderr).toBe('ok');
  return probe.stdout.trim();
}

async function leaks(first: string, second: string): Promise<string> {
  const polluter = await py(first);
  expect(polluter.status, polluter.stderr).toBe('ok');
  const probe = await py(second);
  expect(probe.status, probe.stderr).toBe('ok');
  return probe.stdout.trim();
}

describe('fork server state isolation', () => {
  it('does not leak globals or builtins', async () => {
    expect(await leaks('import builtins\nbuiltins.LEAK = 1\nGLOBAL_LEAK = 2', "import builtins\nprint(hasattr(builtins, 'LEAK'), 'GLOBAL_LEAK' in globals())")).toBe('False False');
  });

  it("leaves no trace of an earlier run's code, tests or input in the memory a run inherits", async () => {
    // The template every child is forked from never parses a request, so even a program that reads its
    // whole address space cannot find another run's hidden tests (a reward hack) or another user's code.
    const secret = `CW_REMNANT_${Math.random().toString(36).slice(2, 12)}`;
    const first = await sandbox.runTests({
      language: 'python',
      code: `def f():\n    return "${secret}_code"\n`,
      tests: { prompt: '', test: `def check(c):\n    assert c() == "${secret}_code", "${secret}_test"\n`, entry_point: 'f' },
    });
    expect(first.status).toBe('passed');
    expect((await sandbox.runCode({ language: 'python', code: 'print(input())', stdin: `${secret}_stdin` })).stdout).toContain(secret);
    const scan = [
      'import ctypes, re',
      'found = set()',
      "for line in open('/proc/self/maps'):",
      '    span, perms = line.split()[:2]',
      "    if perms.startswith('rw'):",
      "        lo, hi = (int(x, 16) for x in span.split('-'))",
      "        found.update(re.findall(rb'CW_REMNANT_[a-z0-9]{10}_[a-z]+', ctypes.string_at(lo, hi - lo)))",
      'print(sorted(found))',
    ].join('\n');
    const probe = await py(scan);
    expect(probe.status, probe.stderr).toBe('ok');
    expect(probe.stdout.trim()).toBe('[]');
  });

  it('does not leak files in the working dir or /tmp', async () => {
    expect(await leaks("open('leak.txt', 'w').write('x')\nopen('/tmp/leak.txt', 'w').write('x')", "import os\nprint(os.path.exists('leak.txt'), os.path.exists('/tmp/leak.txt'), os.listdir('.'))")).toBe('False False []');
  });

  it('wipes read-only, deeply nested and symlinked trees without following the links', async () => {
    const polluter = [
      'import os',
      "os.makedirs('a/b/c')",
      "open('a/b/c/f.txt', 'w').write('x')",
      "os.chmod('a/b/c/f.txt', 0)",
      "os.chmod('a/b/c', 0o500)",
      "os.chmod('a/b', 0)",
      "os.symlink('/sandbox/run', 'loop')",
      "os.symlink('/usr/lib', '/tmp/lib')",
      "d = '/tmp/deep'",
      'os.makedirs(d)',
      'os.chdir(d)',
      'for _ in range(1500):',
      "    os.mkdir('d')",
      "    os.chdir('d')",
      "open('bottom', 'w').write('x')",
    ].join('\n');
    const probe = "import os\nprint(os.listdir('.'), sorted(os.listdir('/tmp')), os.path.isdir('/usr/lib'))";
    const replacedBefore = sandbox.poolStats()?.replaced ?? 0;
    expect(await leaks(polluter, probe)).toBe('[] [] True');
    // Wiped in place: the same worker served the probe, nothing was retired.
    expect(sandbox.poolStats()?.replaced).toBe(replacedBefore);
  });

  it('shows its scripts at /opt/codeward, not at their host path (a checkout under /tmp left mount points there)', async () => {
    const hostDir = dirname(workerScriptPath());
    const probe = await py(`import os, sys\nprint(os.listdir('/tmp'), os.path.exists(${JSON.stringify(hostDir)}), {'worker.py', 'codeward_harness.py'} <= set(os.listdir('/opt/codeward')))`);
    expect(probe.stdout.trim()).toBe('[] False True');
  });

  it('gives programs exactly the clean sandbox environment (nothing the worker itself was started with)', async () => {
    // PWD is bwrap's, from --chdir, as on the cold path.
    const probe = await py('import os\nprint(sorted(os.environ))');
    expect(probe.stdout.trim()).toBe("['HOME', 'LANG', 'PATH', 'PWD', 'PYTHONDONTWRITEBYTECODE', 'PYTHONHASHSEED', 'TMPDIR']");
  });

  it('does not leak environment variables', async () => {
    expect(await leaks("import os\nos.environ['LEAK'] = '1'\nos.putenv('LEAK2', '1')", "import os\nprint('LEAK' in os.environ, 'LEAK2' in os.environ)")).toBe('False False');
  });

  it('does not leak sys.modules entries or monkey-patches of warm modules', async () => {
    const polluter = "import sys, math, types\nmath.sqrt = lambda x: 42\nsys.modules['evil'] = types.ModuleType('evil')\nsys.modules['json'] = None\nsys.path.insert(0, '/tmp')";
    expect(await leaks(polluter, "import sys, math, json\nprint(math.sqrt(16), 'evil' in sys.modules, json.dumps(1), '/tmp' in sys.path)")).toBe('4.0 False 1 False');
  });

  it('does not leak signal handlers or alarms', async () => {
    const polluter = 'import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nsignal.signal(signal.SIGUSR1, lambda *a: None)\nsignal.setitimer(signal.ITIMER_REAL, 30)';
    const probe = 'import signal\nprint(signal.getsignal(signal.SIGTERM) == signal.SIG_DFL, signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL, signal.getitimer(signal.ITIMER_REAL)[0] == 0.0)';
    expect(await leaks(polluter, probe)).toBe('True True True');
  });

  it('does not leak the working directory, recursion limit or random state', async () => {
    const first = await py("import os, sys, random\nos.chdir('/tmp')\nsys.setrecursionlimit(50)\nprint(random.random())");
    const second = await py('import os, sys, random\nprint(os.getcwd(), sys.getrecursionlimit())\nprint(random.random())');
    const [where, draw] = second.stdout.trim().split('\n');
    expect(where).toBe('/sandbox/run 1000');
    expect(draw).not.toBe(first.stdout.trim());
  });

  it('gives programs what site gives a normal interpreter, without running host start-up hooks', async () => {
    // The worker starts with -S (a lighter template forks faster); exit(), quit(), help and the
    // system package directories must still be there, as under `python3 solution.py`.
    const probe = await py("import sys\nprint(callable(quit), callable(help), any(p.endswith('dist-packages') for p in sys.path), '_distutils_hack' in sys.modules)\nexit(3)");
    expect(probe.stdout.trim()).toBe('True True True False');
    expect(probe.exitCode).toBe(3);
  });

  it('runs each program as __main__ with its own namespace', async () => {
    const result = await py("import sys\nprint(__name__, sys.argv, sys.modules['__main__'].__dict__ is globals())");
    expect(result.stdout.trim()).toBe("__main__ ['solution.py'] True");
  });
});

describe('fork server pool', () => {
  it('replaces a worker whose handler the program killed, and keeps serving', async () => {
    const pool = sandbox.forkServerPool()!;
    const before = pool.replaced;
    // Its parent is the zygote (PID 1), which signals from inside the sandbox cannot reach; every
    // other process it can see is the handler.
    const killer = await py("import os, signal, time\nos.kill(os.getppid(), signal.SIGKILL)\nfor pid in os.listdir('/proc'):\n    if pid.isdigit() and int(pid) not in (1, os.getpid()):\n        os.kill(int(pid), signal.SIGKILL)\ntime.sleep(5)");
    expect(killer.status).toBe('runtime_error');
    expect(killer.message).toMatch(/worker/);
    const next = await py('print("alive")');
    expect(next.stdout).toBe('alive\n');
    expect(pool.replaced).toBeGreaterThan(before);
  });

  it('keeps its template (the zygote, PID 1) out of reach of the runs it forks', async () => {
    const probe = await py("import os, signal\nos.kill(1, signal.SIGKILL)\nos.kill(os.getppid(), signal.SIGKILL)\nprint(os.getppid(), os.path.exists('/proc/1'))");
    expect(probe.stdout.trim()).toBe('1 True');
    expect((await py('print("alive")')).stdout).toBe('alive\n');
  });

  it('kills what a run left behind before the next run starts', async () => {
    await py("import subprocess\nsubprocess.Popen(['/bin/sleep', '100'], start_new_session=True)");
    const probe = await py("import os\nprint(sorted(int(p) for p in os.listdir('/proc') if p.isdigit() and open('/proc/%s/cmdline' % p).read().startswith('/bin/sleep')))");
    expect(probe.stdout.trim()).toBe('[]');
  });

  it('answers when the program is done, not when a process holding its output is', async () => {
    // The child reports its exit before the kernel tears it down; a background process that kept a copy
    // of stdout is killed then, its output so far kept, and it is gone before the next run starts.
    const started = performance.now();
    const run = await py("import subprocess, sys\nprint('a', flush=True)\nsubprocess.Popen(['/bin/sh', '-c', 'echo from-child; exec sleep 100'])\nimport time; time.sleep(0.2)\nprint('b')", 20_000);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(run.status).toBe('ok');
    expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'from-child']);
    expect(await strayProcesses()).toBe('[]');
  });

  it('takes a forged exit record as the exit it claims, and still cleans up after it', async () => {
    // Writing the record is no more powerful than calling os._exit(7): the run ends there.
    const started = performance.now();
    const forged = await py("import os, time\nos.write(3, b'{\"e\":\"exit\",\"code\":7}\\n')\nprint('before')\ntime.sleep(30)", 60_000);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(forged.exitCode).toBe(7);
    expect(forged.status).toBe('runtime_error');
    // Nor can it hold the worker up after the answer.
    const started2 = performance.now();
    expect((await py('print(1)')).stdout).toBe('1\n');
    expect(performance.now() - started2).toBeLessThan(500);
    expect(await strayProcesses()).toBe('[]');
  });

  it('reports the exit a run chose, never the kill that reaps it, also when it fetches files', async () => {
    // With files to fetch the handler reaps the child before answering, killing it in case it lingers.
    for (let run = 0; run < 30; run++) {
      const result = await sandbox.runCode({ language: 'python', code: "open('out.txt', 'w').write('x')\nraise SystemExit(3)", fetchFiles: ['out.txt'] });
      expect([result.exitCode, result.signal, result.files?.['out.txt']]).toEqual([3, null, Buffer.from('x').toString('base64')]);
    }
  });

  it('hands a request queued behind a run it cannot clean up after to a fresh worker', async () => {
    // Paths beyond PATH_MAX cannot be walked to be removed, so the worker retires after answering; the
    // run already sent to it never started there and is served by its replacement.
    const pool = sandbox.forkServerPool()!;
    const before = pool.replaced;
    const deep = "import os\nos.makedirs('/tmp/deep')\nos.chdir('/tmp/deep')\nfor _ in range(2200):\n    os.mkdir('d')\n    os.chdir('d')\nprint('made')";
    const [polluter, next] = await Promise.all([py(deep), py("import os\nprint(os.listdir('/tmp'))")]);
    expect(polluter.stdout.trim()).toBe('made');
    expect(next.status, next.stderr).toBe('ok');
    expect(next.stdout.trim()).toBe('[]');
    expect(pool.replaced).toBe(before + 1);
  });

  it('has each child copy the template pages every run writes before its request arrives (native zygote only)', async () => {
    const workers = [new ForkServerWorker(() => {}), new ForkServerWorker(() => {}, { nativeZygote: false })];
    try {
      await Promise.all(workers.map((worker) => worker.ready));
      // A trivial run copies ~150-250 pages of the template; the probe's list is about that.
      expect(workers[0].warmPages).toBeGreaterThan(50);
      expect(workers[0].warmPages).toBeLessThan(2000);
      expect(workers[1].warmPages).toBe(0);
    } finally {
      for (const worker of workers) worker.kill();
    }
    // The probe child is the only one made dumpable; a run's child stays out of reach of /proc readers.
    expect((await py('import ctypes\nprint(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))')).stdout).toBe('0\n');
  });

  it('answers queue_full when the bounded queue is full', async () => {
    const tiny = new Sandbox({ size: 1, maxQueue: 1 });
    try {
      const slow = (ms: number) => tiny.runCode({ language: 'python', code: `import time\ntime.sleep(${ms / 1000})` });
      // Warm the worker first, so the first slow run is executing (not queued) when the others arrive.
      await slow(1);
      const first = slow(800);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = slow(10);
      const third = slow(10).catch((err: unknown) => err);
      const error = await third;
      expect(error).toBeInstanceOf(CodewardError);
      expect((error as CodewardError).code).toBe('queue_full');
      expect((await first).status).toBe('ok');
      expect((await second).status).toBe('ok');
    } finally {
      await tiny.close();
    }
  });

  it('leaves no worker process behind after close()', async () => {
    const own = new Sandbox({ size: 2 });
    await own.runCode({ language: 'python', code: 'pass' });
    const descendants = () => {
      const parents = new Map<string, string>();
      for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        try {
          parents.set(pid, readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        } catch {
          // Gone while we looked.
        }
      }
      return [...parents.keys()].filter((pid) => {
        let up = parents.get(pid);
        while (up && up !== '0' && up !== String(process.pid)) up = parents.get(up);
        if (up !== String(process.pid)) return false;
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker.py');
        } catch {
          return false; // Gone while we looked.
        }
      });
    };
    expect(descendants().length).toBeGreaterThanOrEqual(2);
    await own.close();
    await sandbox.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(descendants()).toEqual([]);
  });

  it('forks from the C zygote loop when it is built, and serves the same from the Python loop', async () => {
    // A child inherits the zygote's mappings: the C loop's library shows in its own /proc/self/maps.
    const mapsProbe = "print(any('zygote.node' in line for line in open('/proc/self/maps')))";
    expect((await py(mapsProbe)).stdout.trim()).toBe(String(nativeZygoteDir() !== null ? 'True' : 'False'));
    const pythonLoop = new Sandbox({ size: 1, nativeZygote: false });
    try {
      expect((await pythonLoop.runCode({ language: 'python', code: mapsProbe })).stdout.trim()).toBe('False');
      const first = await pythonLoop.runCode({ language: 'python', code: "import builtins, os, subprocess\nbuiltins.LEAK = 1\nsubprocess.Popen(['sleep', '30'])" });
      expect(first.status, first.stderr).toBe('ok');
      const second = await pythonLoop.runCode({ language: 'python', code: "import builtins, os\nprint(hasattr(builtins, 'LEAK'), [p for p in os.listdir('/proc') if p.isdigit() and int(p) > 2 and int(p) != os.getpid()])" });
      expect(second.stdout.trim()).toBe('False []');
      const report = await pythonLoop.runTests({ language: 'python', code: '    return a + b\n', tests: { prompt: 'def add(a, b):\n', test: 'def check(f):\n    assert f(2, 3) == 5\n', entry_point: 'add' } });
      expect(report.status).toBe('passed');
    } finally {
      await pythonLoop.close();
    }
  });

  it('serves concurrent requests across workers', async () => {
    const pair = new Sandbox({ size: 2 });
    try {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => pair.runCode({ language: 'python', code: `print(${i} * 2)` })));
      expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 12 }, (_, i) => String(i * 2)));
    } finally {
      await pair.close();
    }
  });
});
