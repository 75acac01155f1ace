// A grammar's parse table with every state made "large" (a direct state x symbol lookup). tree-sitter
// stores most states in a compressed "small" table, and each lookup in one of them walks the state's
// symbol groups linearly; with the Python grammar that walk was 10% of a whole scan (perf). The dense
// copy answers the same value with one load. The parser reads the table only through ts_language_lookup,
// so swapping it in a copy of the TSLanguage changes no result (flat-tree-diff and the rule fixtures
// check that), and it is built once per grammar per process and shared by every worker thread.
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "parser.h"

// Above this many cells (2 bytes each) the grammar keeps its compressed table: memory over speed.
#define MAX_DENSE_CELLS (8u * 1024 * 1024)
#define MAX_GRAMMARS 32

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
typedef struct {
  const TSLanguage *original, *dense;
} Entry;
static Entry cache[MAX_GRAMMARS];
static unsigned cached;

// The value ts_language_lookup returns for every (state, symbol): for a small state, the first group
// that lists the symbol wins, so groups are written last to first.
static uint16_t *expand(const TSLanguage *l) {
  size_t symbols = l->symbol_count, cells = (size_t)l->state_count * symbols;
  uint16_t *table = calloc(cells, sizeof *table);
  const uint16_t **groups = malloc(UINT16_MAX * sizeof *groups);
  if (!table || !groups) {
    free(table);
    free(groups);
    return NULL;
  }
  memcpy(table, l->parse_table, (size_t)l->large_state_count * symbols * sizeof *table);
  for (uint32_t state = l->large_state_count; state < l->state_count; state++) {
    const uint16_t *data = &l->small_parse_table[l->small_parse_table_map[state - l->large_state_count]];
    uint16_t group_count = *data++;
    for (unsigned i = 0; i < group_count; i++) {
      groups[i] = data;
      data += 2 + data[1];
    }
    uint16_t *row = table + (size_t)state * symbols;
    for (unsigned i = group_count; i-- > 0;) {
      uint16_t value = groups[i][0], count = groups[i][1];
      for (unsigned j = 0; j < count; j++) {
        uint16_t symbol = groups[i][2 + j];
        if (symbol < symbols) row[symbol] = value;
      }
    }
  }
  free(groups);
  return table;
}

static const TSLanguage *build(const TSLanguage *l) {
  if (l->large_state_count >= l->state_count || (size_t)l->state_count * l->symbol_count > MAX_DENSE_CELLS) return l;
  uint16_t *table = expand(l);
  TSLanguage *copy = calloc(1, sizeof *copy);
  if (!table || !copy) {
    free(table);
    free(copy);
    return l;
  }
  // An ABI 14 grammar's struct ends where ABI 15 added `name`; reading further would run past it.
  memcpy(copy, l, l->abi_version < 15 ? offsetof(TSLanguage, name) : sizeof *copy);
  copy->parse_table = table;
  copy->large_state_count = l->state_count;
  return copy;
}

// The dense variant of a grammar (the grammar itself where it is not worth it or memory runs out).
const TSLanguage *dense_language(const TSLanguage *language) {
  pthread_mutex_lock(&lock);
  const TSLanguage *result = NULL;
  for (unsigned i = 0; i < cached && !result; i++)
    if (cache[i].original == language) result = cache[i].dense;
  // A table built past the cache's capacity could never be found again, so it would be rebuilt (and kept) at
  // every load; ten-odd grammars exist, so that grammar simply keeps its compressed table.
  if (!result && cached == MAX_GRAMMARS) result = language;
  if (!result) {
    result = build(language);
    cache[cached++] = (Entry){language, result};
  }
  pthread_mutex_unlock(&lock);
  return result;
}
