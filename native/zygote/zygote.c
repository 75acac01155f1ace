// The fork server's zygote loop in C, called from Python through ctypes.PyDLL (the GIL stays held).
// Why C: the zygote's pages are shared copy-on-write with every live child, so each page the zygote
// writes between forks is copied. A Python loop writes ~45 pages per run (refcounts, frames, the
// allocator); this loop writes its own stack and nothing else, and spends no time interpreting.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/** Serves the handler's requests on `sock` (F: fork with 4 passed fds, W<pid>: wait, R: reap).
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
      PyOS_BeforeFork();
      pid_t pid = fork();
      if (pid == 0) {
        PyOS_AfterFork_Child();
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
      } else {
        return -1;
      }
    }
  }
}
