// A caching allocator for the tree-sitter runtime in this addon (ts_set_allocator). Every parse allocates
// a few thousand small subtrees and stack arrays and ts_tree_delete frees them all; glibc's per-thread cache
// holds 7 blocks per size, so the rest went through its slow paths (free-list consolidation, heap growth
// and trimming): ~11% of a Python parse's instructions (callgrind). Here freed small blocks wait on a
// per-thread list for the next parse. Each block is still a malloc'd block with a 16-byte header naming its
// size class, so a block may be freed by any thread, and memory above a per-thread cap goes back to malloc.
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#define GRANULE 16
#define CLASSES 32                      // cached sizes: up to 512 bytes
#define HEADER 16                       // keeps the 16-byte alignment malloc gives
#define MAX_CACHED_BYTES (4u << 20)     // per thread: a huge parse's blocks beyond this go back to malloc
#define LARGE 0                         // header value of a block too big to cache

typedef struct Block {
  struct Block *next;
} Block;

typedef struct {
  Block *lists[CLASSES];
  size_t cached_bytes;
  bool registered;
} Cache;

static _Thread_local Cache cache;
static pthread_key_t exit_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void *raw_of(void *p) { return (char *)p - HEADER; }
static size_t class_of(void *p) { return *(size_t *)raw_of(p); }

// A worker thread that ends hands its cached blocks back to malloc.
static void release_cache(void *data) {
  Cache *c = data;
  for (size_t i = 0; i < CLASSES; i++) {
    while (c->lists[i]) {
      Block *b = c->lists[i];
      c->lists[i] = b->next;
      free(raw_of(b));
    }
  }
  c->cached_bytes = 0;
  // Frees after this (a late finalizer) go straight to malloc, and a later malloc registers again.
  c->registered = false;
}

static void make_key(void) { pthread_key_create(&exit_key, release_cache); }

static void *with_header(size_t class_value, size_t bytes) {
  char *raw = malloc(HEADER + bytes);
  if (!raw) return NULL;
  *(size_t *)raw = class_value;
  return raw + HEADER;
}

static void *cached_malloc(size_t size) {
  size_t c = size == 0 ? 1 : (size + GRANULE - 1) / GRANULE;
  if (c > CLASSES) return with_header(LARGE, size);
  Block *b = cache.lists[c - 1];
  if (b) {
    cache.lists[c - 1] = b->next;
    cache.cached_bytes -= c * GRANULE;
    return b;
  }
  if (!cache.registered) {
    pthread_once(&key_once, make_key);
    pthread_setspecific(exit_key, &cache);
    cache.registered = true;
  }
  return with_header(c, c * GRANULE);
}

static void cached_free(void *p) {
  if (!p) return;
  size_t c = class_of(p);
  if (c != LARGE && cache.registered && cache.cached_bytes + c * GRANULE <= MAX_CACHED_BYTES) {
    Block *b = p;
    b->next = cache.lists[c - 1];
    cache.lists[c - 1] = b;
    cache.cached_bytes += c * GRANULE;
    return;
  }
  free(raw_of(p));
}

static void *cached_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  void *p = cached_malloc(count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

static void *cached_realloc(void *p, size_t size) {
  if (!p) return cached_malloc(size);
  size_t c = class_of(p);
  if (c == LARGE) {
    if (size <= CLASSES * GRANULE) size = CLASSES * GRANULE + 1;  // stays LARGE: its header says so
    char *raw = realloc(raw_of(p), HEADER + size);
    return raw ? raw + HEADER : NULL;
  }
  if (size <= c * GRANULE) return p;
  void *grown = cached_malloc(size);
  if (!grown) return NULL;
  memcpy(grown, p, c * GRANULE);
  cached_free(p);
  return grown;
}

// Installed once, before any parser exists: memory from one allocator must never reach the other.
void install_tree_sitter_allocator(void) {
  ts_set_allocator(cached_malloc, cached_calloc, cached_realloc, cached_free);
}
