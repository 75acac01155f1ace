// Aho–Corasick over UTF-16 text for the rule prefilter (src/analysis/substring-matcher.ts): the same automaton
// as the JS one, for ASCII literals, at a fraction of its cost per character. Characters outside ASCII always
// lead back to the root, as in the JS matcher when no literal has such characters.
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>

#define ASCII 128

typedef struct {
  uint32_t states, literals;
  int32_t *table;      // states * ASCII goto function, completed with fail links
  uint32_t *out_first;  // outputs of a state: out_ids[out_first[s] .. out_first[s + 1])
  uint32_t *out_ids;
  uint32_t *lengths;    // of each literal
  int fold, whole;
} Matcher;

static void free_matcher(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Matcher *m = data;
  free(m->table);
  free(m->out_first);
  free(m->out_ids);
  free(m->lengths);
  free(m);
}

static int word_char(char16_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

// Whether text[start, end) is a whole identifier as prefilter.ts's identifierSet reads them.
static int whole_identifier(const char16_t *text, size_t length, size_t start, size_t end) {
  if (end < length && word_char(text[end])) return 0;
  size_t before = start;
  while (before > 0 && text[before - 1] >= '0' && text[before - 1] <= '9') before--;
  return before == 0 || !word_char(text[before - 1]);
}

static napi_value fail_with(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

// matcher(literals: string[], caseSensitive: boolean, wholeIdentifiers: boolean) -> handle; throws a
// TypeError for a literal with characters outside ASCII (the caller keeps its JS matcher for those).
napi_value anchors_matcher(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  uint32_t count = 0;
  bool case_sensitive = false, whole = false, is_array = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 || napi_is_array(env, argv[0], &is_array) != napi_ok ||
      !is_array || napi_get_array_length(env, argv[0], &count) != napi_ok || napi_get_value_bool(env, argv[1], &case_sensitive) != napi_ok ||
      napi_get_value_bool(env, argv[2], &whole) != napi_ok) {
    return fail_with(env, "anchors: matcher(literals, caseSensitive, wholeIdentifiers)");
  }
  // A trie first: at most one state per literal character, plus the root.
  char **texts = calloc(count ? count : 1, sizeof(char *));
  uint32_t *lengths = calloc(count ? count : 1, sizeof(uint32_t));
  size_t total = 1;
  napi_value result = NULL;
  for (uint32_t i = 0; i < count; i++) {
    napi_value item;
    size_t n;
    if (napi_get_element(env, argv[0], i, &item) != napi_ok || napi_get_value_string_utf8(env, item, NULL, 0, &n) != napi_ok) {
      fail_with(env, "anchors: literals must be strings");
      goto done;
    }
    texts[i] = malloc(n + 1);
    napi_get_value_string_utf8(env, item, texts[i], n + 1, &n);
    for (size_t k = 0; k < n; k++) {
      if ((unsigned char)texts[i][k] >= ASCII) {
        fail_with(env, "anchors: a literal has characters outside ASCII");
        goto done;
      }
      if (!case_sensitive && texts[i][k] >= 'A' && texts[i][k] <= 'Z') texts[i][k] += 32;
    }
    lengths[i] = (uint32_t)n;
    total += n;
  }
  {
    int32_t *table = malloc(total * ASCII * sizeof(int32_t));
    uint32_t *fail = calloc(total, sizeof(uint32_t)), *queue = malloc(total * sizeof(uint32_t));
    uint32_t *out_count = calloc(total + 1, sizeof(uint32_t)), *own = malloc(total * sizeof(uint32_t));
    for (size_t k = 0; k < total * ASCII; k++) table[k] = -1;
    for (size_t s = 0; s < total; s++) own[s] = UINT32_MAX;
    uint32_t states = 1;
    // Literals ending at a state: one own literal via `own`, the rest through a linked list in `next_same`.
    uint32_t *next_same = malloc((count ? count : 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < count; i++) {
      uint32_t s = 0;
      for (uint32_t k = 0; k < lengths[i]; k++) {
        int32_t *slot = &table[(size_t)s * ASCII + (unsigned char)texts[i][k]];
        if (*slot < 0) *slot = (int32_t)states++;
        s = (uint32_t)*slot;
      }
      next_same[i] = own[s];
      own[s] = i;
    }
    // Breadth-first: fail links, completed transitions, and output counts (own + the fail state's).
    uint32_t head = 0, tail = 0;
    for (int c = 0; c < ASCII; c++) {
      if (table[c] < 0) table[c] = 0;
      else {
        fail[table[c]] = 0;
        queue[tail++] = (uint32_t)table[c];
      }
    }
    while (head < tail) {
      uint32_t s = queue[head++];
      for (int c = 0; c < ASCII; c++) {
        int32_t *slot = &table[(size_t)s * ASCII + c];
        if (*slot < 0) *slot = table[(size_t)fail[s] * ASCII + c];
        else {
          fail[*slot] = (uint32_t)table[(size_t)fail[s] * ASCII + c];
          queue[tail++] = (uint32_t)*slot;
        }
      }
    }
    // Outputs in BFS order, so a state's fail state (shallower) is complete before it.
    uint32_t *out_first = calloc(states + 1, sizeof(uint32_t));
    uint32_t capacity = 16, used = 0;
    uint32_t *out_ids = malloc(capacity * sizeof(uint32_t));
    uint32_t *order = malloc(states * sizeof(uint32_t));
    order[0] = 0;
    memcpy(order + 1, queue, (states - 1) * sizeof(uint32_t));
    uint32_t *first = malloc(states * sizeof(uint32_t)), *len = calloc(states, sizeof(uint32_t));
    for (uint32_t k = 0; k < states; k++) {
      uint32_t s = order[k];
      uint32_t own_n = 0;
      for (uint32_t i = own[s]; i != UINT32_MAX; i = next_same[i]) own_n++;
      uint32_t inherited = s ? len[fail[s]] : 0;
      while (used + own_n + inherited > capacity) out_ids = realloc(out_ids, (capacity *= 2) * sizeof(uint32_t));
      first[s] = used;
      for (uint32_t i = own[s]; i != UINT32_MAX; i = next_same[i]) out_ids[used++] = i;
      if (inherited) {
        memcpy(out_ids + used, out_ids + first[fail[s]], inherited * sizeof(uint32_t));
        used += inherited;
      }
      len[s] = own_n + inherited;
    }
    // Re-index outputs by state number for the search loop.
    uint32_t *flat = malloc((used ? used : 1) * sizeof(uint32_t));
    uint32_t at = 0;
    for (uint32_t s = 0; s < states; s++) {
      out_first[s] = at;
      memcpy(flat + at, out_ids + first[s], len[s] * sizeof(uint32_t));
      at += len[s];
    }
    out_first[states] = at;
    free(out_ids);
    free(first);
    free(len);
    free(order);
    free(next_same);
    free(fail);
    free(queue);
    free(out_count);
    free(own);
    Matcher *m = malloc(sizeof *m);
    *m = (Matcher){states, count, realloc(table, (size_t)states * ASCII * sizeof(int32_t)), out_first, flat, lengths, !case_sensitive, whole};
    lengths = NULL;
    if (napi_create_external(env, m, free_matcher, NULL, &result) != napi_ok) result = NULL;
  }
done:
  for (uint32_t i = 0; i < count; i++) free(texts[i]);
  free(texts);
  free(lengths);
  return result;
}

// find(handle, text) -> Int32Array of the ids of the literals that occur (each once, in first-seen order).
napi_value anchors_find(napi_env env, napi_callback_info info) {
  size_t argc = 2, length;
  napi_value argv[2];
  Matcher *m = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 || napi_get_value_external(env, argv[0], (void **)&m) != napi_ok ||
      !m || napi_get_value_string_utf16(env, argv[1], NULL, 0, &length) != napi_ok) {
    return fail_with(env, "anchors: find(matcher, text)");
  }
  char16_t *text = malloc((length + 1) * sizeof(char16_t));
  uint8_t *seen = calloc(m->literals ? m->literals : 1, 1);
  uint32_t *found = malloc((m->literals ? m->literals : 1) * sizeof(uint32_t)), n = 0;
  napi_get_value_string_utf16(env, argv[1], text, length + 1, &length);
  uint32_t s = 0;
  for (size_t i = 0; i < length; i++) {
    char16_t c = text[i];
    if (c >= ASCII) {
      s = 0;
      continue;
    }
    if (m->fold && c >= 'A' && c <= 'Z') c += 32;
    s = (uint32_t)m->table[(size_t)s * ASCII + c];
    for (uint32_t k = m->out_first[s]; k < m->out_first[s + 1]; k++) {
      uint32_t id = m->out_ids[k];
      if (seen[id] || (m->whole && !whole_identifier(text, length, i + 1 - m->lengths[id], i + 1))) continue;
      seen[id] = 1;
      found[n++] = id;
    }
  }
  free(text);
  free(seen);
  napi_value buffer, result;
  void *data;
  if (napi_create_arraybuffer(env, n * sizeof(int32_t), &data, &buffer) != napi_ok || napi_create_typedarray(env, napi_int32_array, n, buffer, 0, &result) != napi_ok) {
    free(found);
    return NULL;
  }
  memcpy(data, found, n * sizeof(int32_t));
  free(found);
  return result;
}
