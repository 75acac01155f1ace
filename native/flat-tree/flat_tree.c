// codeward flat-tree: parses source with tree-sitter and returns the whole syntax tree in one typed array.
// ast-grep's napi answers every node access with a call into Rust (~1-7 µs each, a full walk per kind
// query), which made those calls, not parsing, most of a scan. Here one call parses and exports every
// node; the compiled rule engine then reads plain arrays. The grammars are the very parser.so files
// ast-grep loads (dlopen), so both engines see identical trees.
#define NAPI_VERSION 8
#include <dlfcn.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>
#include <tree_sitter/api.h>

// One record per node in pre-order; field order mirrors FIELDS in src/analysis/compiled/flat-tree.ts.
enum { SYMBOL, FLAGS, PARENT, FIELD, START, END, START_ROW, START_COL, END_ROW, END_COL, NEXT, CHILD_COUNT, WIDTH };
enum { NAMED = 1, EXTRA = 2, MISSING = 4, IS_ERROR = 8 };

#define CHECK(call)                                                     \
  do {                                                                  \
    if ((call) != napi_ok) {                                            \
      napi_throw_error(env, NULL, "flat-tree: N-API call failed: " #call); \
      return NULL;                                                      \
    }                                                                   \
  } while (0)

typedef struct {
  const TSLanguage *language;
  TSParser *parser;
} Grammar;

static void free_grammar(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Grammar *g = data;
  ts_parser_delete(g->parser);
  free(g);
}

// load(path, symbol) -> handle: the grammar's TSLanguage from its shared library, with a parser of its own.
static napi_value load(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char path[4096], symbol[256];
  size_t n;
  if (argc < 2 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &n) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], symbol, sizeof symbol, &n) != napi_ok) {
    napi_throw_type_error(env, NULL, "flat-tree: load(path, symbol) takes two strings");
    return NULL;
  }
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    napi_throw_error(env, NULL, dlerror());
    return NULL;
  }
  const TSLanguage *(*entry)(void) = (const TSLanguage *(*)(void))dlsym(lib, symbol);
  if (!entry) {
    napi_throw_error(env, NULL, "flat-tree: the library does not export that language symbol");
    return NULL;
  }
  Grammar *g = malloc(sizeof *g);
  g->language = entry();
  g->parser = ts_parser_new();
  if (!ts_parser_set_language(g->parser, g->language)) {
    ts_parser_delete(g->parser);
    free(g);
    napi_throw_error(env, NULL, "flat-tree: incompatible grammar ABI version");
    return NULL;
  }
  napi_value handle;
  CHECK(napi_create_external(env, g, free_grammar, NULL, &handle));
  return handle;
}

static Grammar *grammar_of(napi_env env, napi_value value) {
  void *data = NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok || !data) {
    napi_throw_type_error(env, NULL, "flat-tree: expected a grammar handle from load()");
    return NULL;
  }
  return data;
}

static napi_value string_array(napi_env env, uint32_t count, const char *(*name)(const TSLanguage *, uint32_t), const TSLanguage *language, uint32_t first) {
  napi_value array;
  if (napi_create_array_with_length(env, count, &array) != napi_ok) return NULL;
  for (uint32_t i = 0; i < count; i++) {
    const char *text = name(language, i + first);
    napi_value s;
    if (napi_create_string_utf8(env, text ? text : "", NAPI_AUTO_LENGTH, &s) != napi_ok) return NULL;
    napi_set_element(env, array, i, s);
  }
  return array;
}

static const char *symbol_name(const TSLanguage *l, uint32_t id) { return ts_language_symbol_name(l, (TSSymbol)id); }
static const char *field_name(const TSLanguage *l, uint32_t id) { return ts_language_field_name_for_id(l, (TSFieldId)id); }

// names(handle) -> {kinds, fields}: kind names by symbol id, field names by field id (0 = no field).
static napi_value names(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Grammar *g = argc ? grammar_of(env, argv[0]) : NULL;
  if (!g) return NULL;
  napi_value result, kinds, fields;
  CHECK(napi_create_object(env, &result));
  kinds = string_array(env, ts_language_symbol_count(g->language), symbol_name, g->language, 0);
  fields = string_array(env, ts_language_field_count(g->language) + 1, field_name, g->language, 0);
  if (!kinds || !fields) return NULL;
  CHECK(napi_set_named_property(env, result, "kinds", kinds));
  CHECK(napi_set_named_property(env, result, "fields", fields));
  return result;
}

typedef struct {
  int32_t *data;
  uint32_t count, capacity;
} Records;

static int32_t *push(Records *r) {
  if (r->count == r->capacity) {
    uint32_t capacity = r->capacity ? r->capacity * 2 : 256;
    int32_t *grown = realloc(r->data, (size_t)capacity * WIDTH * sizeof(int32_t));
    if (!grown) return NULL;
    r->data = grown;
    r->capacity = capacity;
  }
  return r->data + (size_t)r->count++ * WIDTH;
}

// Positions are in UTF-16 code units (the source is parsed as UTF-16), as napi and JS strings count them.
static void fill(int32_t *rec, TSNode node, TSFieldId field, int32_t parent) {
  TSPoint start = ts_node_start_point(node), end = ts_node_end_point(node);
  rec[SYMBOL] = ts_node_symbol(node);
  rec[FLAGS] = (ts_node_is_named(node) ? NAMED : 0) | (ts_node_is_extra(node) ? EXTRA : 0) |
               (ts_node_is_missing(node) ? MISSING : 0) | (ts_node_is_error(node) ? IS_ERROR : 0);
  rec[PARENT] = parent;
  rec[FIELD] = field;
  rec[START] = (int32_t)(ts_node_start_byte(node) / 2);
  rec[END] = (int32_t)(ts_node_end_byte(node) / 2);
  rec[START_ROW] = (int32_t)start.row;
  rec[START_COL] = (int32_t)(start.column / 2);
  rec[END_ROW] = (int32_t)end.row;
  rec[END_COL] = (int32_t)(end.column / 2);
  rec[NEXT] = -1;
  rec[CHILD_COUNT] = 0;
}

// Walks the tree once with a cursor, which visits exactly the visible children napi's children() lists.
static int export_tree(TSTree *tree, Records *out) {
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  // Index of the current node's parent and of the last node seen at each depth (for sibling links).
  uint32_t depth_cap = 64, depth = 0;
  int32_t *parents = malloc(depth_cap * sizeof(int32_t));
  int32_t *previous = malloc(depth_cap * sizeof(int32_t));
  int ok = parents && previous;
  if (ok) {
    parents[0] = -1;
    previous[0] = -1;
  }
  while (ok) {
    int32_t *rec = push(out);
    if (!rec) {
      ok = 0;
      break;
    }
    int32_t index = (int32_t)out->count - 1;
    fill(rec, ts_tree_cursor_current_node(&cursor), ts_tree_cursor_current_field_id(&cursor), parents[depth]);
    if (previous[depth] >= 0) out->data[(size_t)previous[depth] * WIDTH + NEXT] = index;
    previous[depth] = index;
    if (parents[depth] >= 0) out->data[(size_t)parents[depth] * WIDTH + CHILD_COUNT]++;
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      if (++depth == depth_cap) {
        depth_cap *= 2;
        int32_t *p = realloc(parents, depth_cap * sizeof(int32_t)), *q = p ? realloc(previous, depth_cap * sizeof(int32_t)) : NULL;
        if (p) parents = p;
        if (q) previous = q;
        if (!p || !q) {
          ok = 0;
          break;
        }
      }
      parents[depth] = index;
      previous[depth] = -1;
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (depth == 0 || !ts_tree_cursor_goto_parent(&cursor)) goto done;
      depth--;
    }
  }
done:
  free(parents);
  free(previous);
  ts_tree_cursor_delete(&cursor);
  return ok;
}

static void free_records(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

// parse(handle, source) -> {nodes: Int32Array (WIDTH per node, pre-order), hasError}, or null when tree-sitter gives up.
static napi_value parse(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Grammar *g = argc ? grammar_of(env, argv[0]) : NULL;
  if (!g) return NULL;
  size_t length;
  if (argc < 2 || napi_get_value_string_utf16(env, argv[1], NULL, 0, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "flat-tree: parse(handle, source) takes a string");
    return NULL;
  }
  char16_t *text = malloc((length + 1) * sizeof(char16_t));
  if (!text) {
    napi_throw_error(env, NULL, "flat-tree: out of memory");
    return NULL;
  }
  CHECK(napi_get_value_string_utf16(env, argv[1], text, length + 1, &length));
  TSTree *tree = ts_parser_parse_string_encoding(g->parser, NULL, (const char *)text, (uint32_t)(length * 2), TSInputEncodingUTF16LE);
  free(text);
  napi_value result;
  if (!tree) {
    CHECK(napi_get_null(env, &result));
    return result;
  }
  Records records = {0};
  int ok = export_tree(tree, &records);
  int has_error = ts_node_has_error(ts_tree_root_node(tree));
  ts_tree_delete(tree);
  if (!ok) {
    free(records.data);
    napi_throw_error(env, NULL, "flat-tree: out of memory");
    return NULL;
  }
  napi_value buffer, nodes, flag;
  size_t bytes = (size_t)records.count * WIDTH * sizeof(int32_t);
  CHECK(napi_create_external_arraybuffer(env, records.data, bytes, free_records, NULL, &buffer));
  CHECK(napi_create_typedarray(env, napi_int32_array, (size_t)records.count * WIDTH, buffer, 0, &nodes));
  CHECK(napi_create_object(env, &result));
  CHECK(napi_get_boolean(env, has_error, &flag));
  CHECK(napi_set_named_property(env, result, "nodes", nodes));
  CHECK(napi_set_named_property(env, result, "hasError", flag));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
      {"load", NULL, load, NULL, NULL, NULL, napi_default, NULL},
      {"names", NULL, names, NULL, NULL, NULL, napi_default, NULL},
      {"parse", NULL, parse, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
