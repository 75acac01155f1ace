// The escape suite: hostile programs in Python, JavaScript, C and Bash. Each must be contained
// (its status says what happened), the host must be untouched and no process may outlive its run.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox, type RunResult } from '../../src/sandbox/index.js';

const marker = `cwescape${randomBytes(6).toString('hex')}`;
const secret = `topsecret-${randomBytes(8).toString('hex')}`;
const canaryDir = mkdtempSync(join(tmpdir(), 'codeward-canary-'));
const canary = join(canaryDir, 'canary.txt');
let sandbox: Sandbox;

/** Host processes whose command line carries this run's marker (daemons that escaped). */
function leftovers(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(marker) && !cmdline.includes('vitest')) found.push(`${pid}: ${cmdline}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

beforeAll(() => {
  process.env.CODEWARD_ESCAPE_SECRET = secret;
  writeFileSync(canary, 'original', { mode: 0o666 });
  sandbox = new Sandbox({ size: 2 });
});

afterAll(async () => {
  await sandbox.close();
  delete process.env.CODEWARD_ESCAPE_SECRET;
  rmSync(canaryDir, { recursive: true, force: true });
});

interface Hostile {
  name: string;
  language: 'python' | 'javascript' | 'c' | 'bash';
  code: string;
  runTimeoutMs?: number;
  memoryLimitMb?: number;
  fetchFiles?: string[];
  check: (result: RunResult) => void;
}

const contained = (statuses: RunResult['status'][]) => (r: RunResult) => expect(statuses).toContain(r.status);
const printsBlocked = (r: RunResult) => {
  expect(r.status).toBe('ok');
  expect(r.stdout.trim().split('\n').every((line) => line.startsWith('blocked'))).toBe(true);
};
const noSecret = (r: RunResult) => {
  expect(r.stdout + r.stderr).not.toContain(secret);
  expect(r.stdout).toContain('checked');
};

const hostile: Hostile[] = [
  // Python (fork server)
  { name: 'py: TCP connect to the internet', language: 'python', code: `import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n    print('CONNECTED')\nexcept OSError as e:\n    print('blocked', e.errno)`, check: printsBlocked },
  { name: 'py: DNS lookup', language: 'python', code: `import socket\ntry:\n    print('RESOLVED', socket.getaddrinfo('example.com', 80))\nexcept OSError as e:\n    print('blocked', e)`, check: printsBlocked },
  { name: 'py: connect to the host loopback', language: 'python', code: `import socket\ntry:\n    socket.create_connection(('127.0.0.1', 22), timeout=1)\n    print('CONNECTED')\nexcept OSError as e:\n    print('blocked', e.errno)`, check: printsBlocked },
  { name: 'py: read host files', language: 'python', code: `for p in ['${canary}', '/etc/shadow', '/etc/passwd', '/root/.bashrc', '/work/main/package.json', '/home']:\n    try:\n        open(p).read()\n        print('READ', p)\n    except OSError as e:\n        print('blocked', p, type(e).__name__)`, check: printsBlocked },
  { name: "py: the parent's environment secrets", language: 'python', code: `import os\nprint(dict(os.environ))\nfor pid in os.listdir('/proc'):\n    try:\n        print(open('/proc/%s/environ' % pid, 'rb').read())\n    except Exception as e:\n        print(type(e).__name__)\nprint('checked')`, check: noSecret },
  { name: 'py: write outside the working dir', language: 'python', code: `for p in ['${canary}', '/usr/evil', '/etc/evil', '/evil', '/proc/sys/kernel/hostname']:\n    try:\n        open(p, 'w').write('pwned')\n        print('WROTE', p)\n    except OSError as e:\n        print('blocked', p, type(e).__name__)`, check: printsBlocked },
  { name: 'py: fork bomb', language: 'python', runTimeoutMs: 3000, code: `import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass`, check: contained(['timeout', 'runtime_error']) },
  { name: 'py: memory bomb', language: 'python', memoryLimitMb: 256, code: `chunks = []\nwhile True:\n    chunks.append(bytearray(50 * 1024 * 1024))`, check: contained(['memory_limit']) },
  { name: 'py: CPU spin', language: 'python', runTimeoutMs: 1000, code: `while True:\n    pass`, check: contained(['timeout']) },
  { name: 'py: endless output', language: 'python', code: `while True:\n    print('x' * 1000)`, check: (r) => { expect(r.status).toBe('output_limit'); expect(r.stdoutTruncated).toBe(true); } },
  { name: 'py: disk fill', language: 'python', code: `import os\nfor target in ['/tmp/fill', 'fill']:\n    try:\n        with open(target, 'wb') as f:\n            for _ in range(10000):\n                f.write(b'0' * 1024 * 1024)\n        print('FILLED', target)\n    except OSError as e:\n        print('blocked', target, e.errno)`, check: (r) => { expect(['output_limit', 'ok']).toContain(r.status); expect(r.stdout).not.toContain('FILLED'); } },
  { name: 'py: sleep past the timeout', language: 'python', runTimeoutMs: 1000, code: `import time\ntime.sleep(60)`, check: (r) => { expect(r.status).toBe('timeout'); expect(r.durationMs).toBeLessThan(5000); } },
  { name: 'py: daemon that outlives the run', language: 'python', code: `import os, subprocess\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execv('/bin/sleep', ['/bin/sleep', '1000', '${marker}'])\n    os._exit(0)\nsubprocess.Popen(['/bin/sleep', '999', '${marker}'], start_new_session=True)\nprint('spawned')`, check: contained(['ok']) },
  { name: 'py: kill the parent', language: 'python', code: `import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(1, signal.SIGKILL)\nprint('still here')`, check: contained(['runtime_error', 'ok']) },
  { name: 'py: ptrace the parent', language: 'python', code: `import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\nrc = libc.ptrace(16, os.getppid(), 0, 0)\nprint('blocked' if rc != 0 else 'ATTACHED', ctypes.get_errno())\ntry:\n    open('/proc/%d/mem' % os.getppid(), 'rb').read(1)\n    print('MEM READ')\nexcept OSError as e:\n    print('blocked mem', e.errno)`, check: printsBlocked },
  { name: 'py: peek at other processes through /proc', language: 'python', code: `import os\npids = [p for p in os.listdir('/proc') if p.isdigit()]\nprint('blocked' if len(pids) < 8 else 'SEES %d' % len(pids), sorted(pids))\nprint('blocked' if '${marker}' not in open('/proc/1/cmdline').read() else 'HOST')`, check: printsBlocked },
  { name: 'py: setuid to root', language: 'python', code: `import os\nfor fn in (lambda: os.setuid(0), lambda: os.setgid(0), lambda: os.seteuid(0)):\n    try:\n        fn()\n        print('ROOT')\n    except OSError as e:\n        print('blocked', e.errno)\nprint('blocked uid', os.getuid())`, check: (r) => { printsBlocked(r); expect(r.stdout).not.toContain('uid 0'); } },
  { name: 'py: symlink to a host file, fetched back', language: 'python', fetchFiles: ['leak'], code: `import os\nos.symlink('${canary}', 'leak')\nprint('linked')`, check: (r) => expect(r.files?.leak).toBeUndefined() },
  { name: 'py: lock the sandbox dirs and plant a FIFO for fetchFiles', language: 'python', fetchFiles: ['pipe'], code: `import os\nos.mkfifo('pipe')\nfor d in ('/sandbox', '/tmp', '.'):\n    os.chmod(d, 0)\nprint('locked')`, check: (r) => { expect(r.status).toBe('ok'); expect(r.files?.pipe).toBeUndefined(); } },
  // JavaScript (cold bwrap node)
  { name: 'js: TCP connect', language: 'javascript', code: `const s = require('net').connect(80, '1.1.1.1');\ns.on('connect', () => { console.log('CONNECTED'); process.exit(0); });\ns.on('error', (e) => console.log('blocked', e.code));`, check: printsBlocked },
  { name: 'js: DNS lookup', language: 'javascript', code: `require('dns').lookup('example.com', (err, addr) => console.log(err ? 'blocked ' + err.code : 'RESOLVED ' + addr));`, check: printsBlocked },
  { name: 'js: read host files and env', language: 'javascript', code: `const fs = require('fs');\nfor (const p of ['${canary}', '/etc/shadow', '/root/.bashrc']) { try { fs.readFileSync(p); console.log('READ', p); } catch (e) { console.log('blocked', p, e.code); } }\nconsole.log('blocked env', JSON.stringify(process.env).includes('${secret}') ? 'LEAKED' : 'clean');`, check: printsBlocked },
  { name: 'js: CPU spin', language: 'javascript', runTimeoutMs: 1500, code: `while (true) {}`, check: contained(['timeout']) },
  { name: 'js: memory bomb', language: 'javascript', memoryLimitMb: 128, code: `const a = [];\nwhile (true) a.push(new Array(1e6).fill(1.5));`, check: contained(['memory_limit', 'runtime_error']) },
  { name: 'js: detached daemon', language: 'javascript', code: `require('child_process').spawn('/bin/sleep', ['1000', '${marker}'], { detached: true, stdio: 'ignore' }).unref();\nconsole.log('spawned');`, check: contained(['ok']) },
  // C (compiled in the sandbox)
  { name: 'c: fork bomb', language: 'c', runTimeoutMs: 3000, code: `#include <unistd.h>\nint main(void) { for (;;) fork(); }`, check: contained(['timeout', 'runtime_error']) },
  { name: 'c: memory bomb touching pages', language: 'c', memoryLimitMb: 128, code: `#include <stdlib.h>\n#include <string.h>\n#include <stdio.h>\nint main(void) { for (;;) { char *p = malloc(16 << 20); if (!p) { fputs("Cannot allocate memory\\n", stderr); return 1; } memset(p, 1, 16 << 20); } }`, check: contained(['memory_limit']) },
  { name: 'c: setuid and ptrace the parent', language: 'c', code: `#include <stdio.h>\n#include <unistd.h>\n#include <sys/ptrace.h>\nint main(void) { printf("blocked setuid %d\\n", setuid(0)); printf("blocked ptrace %ld\\n", ptrace(PTRACE_ATTACH, getppid(), 0, 0)); printf("blocked uid %d\\n", (int)getuid()); return 0; }`, check: (r) => { printsBlocked(r); expect(r.stdout).toContain('setuid -1'); expect(r.stdout).toContain('ptrace -1'); } },
  { name: 'c: write outside and follow symlinks', language: 'c', code: `#include <stdio.h>\n#include <unistd.h>\nint main(void) { const char *paths[] = {"${canary}", "/usr/lib/evil", "/etc/evil"}; for (int i = 0; i < 3; i++) { FILE *f = fopen(paths[i], "w"); printf(f ? "WROTE %s\\n" : "blocked %s\\n", paths[i]); } symlink("/etc/ld.so.cache", "link"); printf("blocked done\\n"); return 0; }`, fetchFiles: ['link'], check: (r) => { printsBlocked(r); expect(r.files?.link).toBeUndefined(); } },
  // Bash
  { name: 'bash: /dev/tcp connect', language: 'bash', code: `if exec 3<>/dev/tcp/1.1.1.1/80; then echo CONNECTED; else echo blocked; fi 2>/dev/null`, check: printsBlocked },
  { name: 'bash: fork bomb', language: 'bash', runTimeoutMs: 3000, code: `b() { b | b & }; b; wait`, check: contained(['timeout', 'runtime_error', 'ok']) },
  { name: 'bash: endless output', language: 'bash', code: `yes`, check: contained(['output_limit']) },
  { name: 'bash: nohup daemon and kill -9 -1', language: 'bash', code: `nohup /bin/sleep 1000 ${marker} >/dev/null 2>&1 &\n(setsid /bin/sleep 1001 ${marker} &)\nkill -9 -1 2>/dev/null\necho survived`, check: contained(['ok', 'runtime_error']) },
  { name: 'bash: host secrets and files', language: 'bash', code: `env | grep -q ${secret} && echo LEAKED || echo blocked env\ncat ${canary} 2>/dev/null && echo READ || echo blocked canary\nls /root /home 2>/dev/null && echo LISTED || echo blocked home\nln -s ${canary} leak && echo blocked link`, fetchFiles: ['leak'], check: (r) => { printsBlocked(r); expect(r.files?.leak).toBeUndefined(); } },
];

describe('escape suite', () => {
  it('has at least 25 hostile programs across Python, JS, C and Bash', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(25);
    expect(new Set(hostile.map((h) => h.language))).toEqual(new Set(['python', 'javascript', 'c', 'bash']));
  });

  for (const program of hostile) {
    it.concurrent(program.name, async () => {
      const result = await sandbox.runCode({
        language: program.language,
        code: program.code,
        runTimeoutMs: program.runTimeoutMs ?? 5000,
        memoryLimitMb: program.memoryLimitMb,
        fetchFiles: program.fetchFiles,
      });
      program.check(result);
    });
  }

  it('leaves the host healthy: canary intact, no process left behind, sandbox still works', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(canary, 'utf8')).toBe('original');
    expect(leftovers()).toEqual([]);
    const after = await sandbox.runCode({ language: 'python', code: 'print(6 * 7)' });
    expect(after.status).toBe('ok');
    expect(after.stdout).toBe('42\n');
  });
});
