// The fork server's zygote loop in C, called from Python through ctypes.PyDLL (the GIL stays held).
// Why C: the zygote's pages are shared copy-on-write with every live child, so each page the zygote
// writes between forks is copied. A Python loop writes ~45 pages per run (refcounts, frames, the
// allocator); this loop writes its own stack and nothing else, and spends no time interpreting.
// It also has each new child copy, while that child waits for its request, the template pages nearly
// every run writes (the handler's probe lists them once, see worker.py: probe_warm_pages).
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

// CPython's own fork hooks (exported by the interpreter); os.fork() calls the same three.
extern void PyOS_BeforeFork(void);
extern void PyOS_AfterFork_Parent(void);
extern void PyOS_AfterFork_Child(void);

#define CHILD_FDS 4
static void reap_all(void) {
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

static int reply(int sock, long value) {
  char text[32];
  int n = snprintf(text, sizeof text, "%ld", value);
  return send(sock, text, (size_t)n, MSG_NOSIGNAL) == n ? 0 : -1;
}

#define MAX_WARM_PAGES 16384

// Pages nearly every run writes (found by the handler's probe run, see worker.py), each copied by a new
// child right after its fork, while it waits for a request: the copy-on-write faults a run would take
// on them (~4 us each here) are then off its latency, at no extra cost. Only pages inside this
// process's own writable private mappings are kept, so every child has them mapped.
static uintptr_t *warm_pages;
static size_t warm_count;

/** Keeps those of `pages` that lie in a writable private mapping of this process; returns how many. */
static size_t keep_mapped_writable(uintptr_t *pages, size_t count) {
  FILE *maps = fopen("/proc/self/maps", "re");
  if (!maps) return 0;
  uintptr_t spans[512][2];
  size_t n_spans = 0;
  char line[512];
  while (n_spans < 512 && fgets(line, sizeof line, maps)) {
    unsigned long start, end;
    char perms[5];
    if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) == 3 && perms[0] == 'r' && perms[1] == 'w' && perms[3] == 'p') {
      spans[n_spans][0] = start;
      spans[n_spans][1] = end;
      n_spans++;
    }
  }
  fclose(maps);
  size_t kept = 0;
  for (size_t i = 0; i < count; i++) {
    for (size_t j = 0; j < n_spans; j++) {
      if (pages[i] >= spans[j][0] && pages[i] < spans[j][1]) {
        pages[kept++] = pages[i];
        break;
      }
    }
  }
  return kept;
}

/** P<count>: the next message holds `count` page addresses; replies how many were kept. */
static int receive_warm_pages(int sock, const char *arg) {
  char *end;
  long count = strtol(arg, &end, 10);
  if (end == arg || *end != '\0' || count < 0 || count > MAX_WARM_PAGES || warm_pages) return -1;
  uintptr_t *pages = malloc((size_t)count * sizeof *pages + 1);
  if (!pages) return -1;
  ssize_t got = recv(sock, pages, (size_t)count * sizeof *pages + 1, 0);
  if (got != (ssize_t)(count * sizeof *pages)) {
    free(pages);
    return -1;
  }
  warm_count = keep_mapped_writable(pages, (size_t)count);
  warm_pages = pages;
  return reply(sock, (long)warm_count);
}

static void copy_warm_pages(void) {
  for (size_t i = 0; i < warm_count; i++) {
    volatile char *page = (volatile char *)warm_pages[i];
    *page = *page;  // the same byte back: the child's own copy of the page, contents unchanged
  }
}

/** Serves the handler's requests on `sock` (F: fork with 4 passed fds, Fp: the same for the handler's
 *  probe, W<pid>: wait, R: reap, P<n>: the pages to copy in each new child, once).
 *  Returns 0 in a new child, with its fds in `child_fds`; returns -1 in the zygote when the handler
 *  is gone or sent something malformed, and the caller then exits (taking the sandbox with it). */
__attribute__((visibility("default"))) int codeward_zygote_loop(int sock, int *child_fds) {
  for (;;) {
    char message[64];
    union {
      char bytes[CMSG_SPACE(CHILD_FDS * sizeof(int))];
      struct cmsghdr align;
    } control;
    struct iovec iov = {message, sizeof message - 1};
    struct msghdr header = {0};
    header.msg_iov = &iov;
    header.msg_iovlen = 1;
    header.msg_control = control.bytes;
    header.msg_controllen = sizeof control.bytes;
    ssize_t length = recvmsg(sock, &header, MSG_CMSG_CLOEXEC);
    if (length < 0 && errno == EINTR) continue;
    if (length <= 0) return -1;
    message[length] = '\0';
    int fds[CHILD_FDS];
    int count = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&header); c; c = CMSG_NXTHDR(&header, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      int *data = (int *)CMSG_DATA(c);
      for (size_t i = 0; i < n; i++) {
        if (count < CHILD_FDS) fds[count++] = data[i];
        else close(data[i]);
      }
    }
    if (message[0] == 'F') {
      if (count != CHILD_FDS || (header.msg_flags & MSG_CTRUNC)) return -1;
      int probe = message[1] == 'p';
      PyOS_BeforeFork();
      pid_t pid = fork();
      if (pid == 0) {
        PyOS_AfterFork_Child();
        // The handler's probe child (Fp) lets the handler read its pagemap; no run's child ever does.
        if (probe) prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
        else copy_warm_pages();
        // Received with close-on-exec; the child keeps them across its own execs only if it dups them.
        memcpy(child_fds, fds, sizeof fds);
        return 0;
      }
      PyOS_AfterFork_Parent();
      for (int i = 0; i < CHILD_FDS; i++) close(fds[i]);
      if (pid < 0 || reply(sock, pid) != 0) return -1;
    } else {
      for (int i = 0; i < count; i++) close(fds[i]);
      if (message[0] == 'W') {
        char *end;
        long pid = strtol(message + 1, &end, 10);
        if (end == message + 1 || *end != '\0' || pid <= 0) return -1;
        int status = 0;
        pid_t got;
        do got = waitpid((pid_t)pid, &status, 0);
        while (got < 0 && errno == EINTR);
        reap_all();
        if (reply(sock, got < 0 ? -1 : status) != 0) return -1;
      } else if (message[0] == 'R') {
        reap_all();
        if (reply(sock, 0) != 0) return -1;
      } else if (message[0] == 'P') {
        if (receive_warm_pages(sock, message + 1) != 0) return -1;
      } else {
        return -1;
      }
    }
  }
}
