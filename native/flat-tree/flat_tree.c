// codeward flat-tree: parses source with tree-sitter and returns the whole syntax tree in one typed array.
// ast-grep's napi answers every node access with a call into Rust (~1-7 µs each, a full walk per kind
// query), which made those calls, not parsing, most of a scan. Here one call parses and exports every
// node; the compiled rule engine then reads plain arrays. The grammars are the very parser.so files
// ast-grep loads (dlopen); the runtime is tree-sitter 0.25 where napi links 0.27, so where the two trees
// may differ is measured and decided per language in src/analysis/compiled/flat-tree.ts (FLAT_TREE_USE).
#define NAPI_VERSION 8
#define _GNU_SOURCE  // dladdr
#include <dlfcn.h>
#include <pthread.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>
#include <tree_sitter/api.h>

// tree-sitter's internal headers (lib/src, on the include path): the export walks subtrees directly.
#include "language.h"
#include "length.h"
#include "subtree.h"
#include "tree.h"

// One record per node in pre-order; the layout constants in src/analysis/compiled/flat-tree.ts mirror these.
enum { SYMBOL, FLAGS, PARENT, FIELD, START, END, START_ROW, START_COL, END_ROW, END_COL, NEXT, CHILD_COUNT, WIDTH };
// FLAGS: the one bit the matcher reads (extra-ness follows ast-grep's own rule, ERROR is a symbol).
enum { NAMED = 1 };

#define CHECK(call)                                                     \
  do {                                                                  \
    if ((call) != napi_ok) {                                            \
      napi_throw_error(env, NULL, "flat-tree: N-API call failed: " #call); \
      return NULL;                                                      \
    }                                                                   \
  } while (0)

typedef struct {
  int32_t *data;
  uint32_t count, capacity;
} Records;

// A grammar handle belongs to one environment (a thread), so its parser and scratch buffers are used by one
// thread at a time. The scratch buffers live as long as the handle: a parse writes the source and the
// records there and copies only the result out.
typedef struct {
  const TSLanguage *language;
  TSParser *parser;
  Records records;
  char16_t *text;
  size_t text_capacity;
} Grammar;

// Scratch kept between parses up to these sizes (768 kB of records: ~16,000 nodes; 512 kB of text), per
// grammar and thread; a larger file's buffers are freed after it.
#define KEEP_RECORDS (16u * 1024)
#define KEEP_TEXT_UNITS (256u * 1024)

// dense_table.c: the grammar with its parse table expanded for direct lookups.
const TSLanguage *dense_language(const TSLanguage *language);
// alloc.c: the runtime's caching allocator.
void install_tree_sitter_allocator(void);
static pthread_once_t allocator_once = PTHREAD_ONCE_INIT;

// Node unloads an addon when the last environment that loaded it ends (a worker thread that alone used
// it). This one must stay: threads run its allocator's exit hooks after their environment is gone, and its
// grammars' dense tables are built once per process. A second dlopen with RTLD_NODELETE pins it.
static void stay_loaded(void) {
  Dl_info self;
  if (dladdr((void *)stay_loaded, &self) && self.dli_fname) dlopen(self.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
}

static void once_per_process(void) {
  stay_loaded();
  install_tree_sitter_allocator();
}

static void free_grammar(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Grammar *g = data;
  ts_parser_delete(g->parser);
  free(g->records.data);
  free(g->text);
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
  Grammar *g = calloc(1, sizeof *g);
  if (!g) {
    napi_throw_error(env, NULL, "flat-tree: out of memory");
    return NULL;
  }
  g->language = dense_language(entry());
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

// The call's arguments (up to `count`, the rest left undefined) and its grammar handle, the first of them.
static Grammar *grammar_call(napi_env env, napi_callback_info info, size_t count, napi_value *argv, size_t *argc) {
  *argc = count;
  void *data = NULL;
  if (napi_get_cb_info(env, info, argc, argv, NULL, NULL) != napi_ok || *argc == 0 ||
      napi_get_value_external(env, argv[0], &data) != napi_ok || !data) {
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
  size_t argc;
  napi_value argv[1];
  Grammar *g = grammar_call(env, info, 1, argv, &argc);
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
static int emit(Records *out, const TSLanguage *language, Subtree subtree, TSSymbol alias, Length position, int32_t parent, TSFieldId field, int32_t *last_child) {
  int32_t *rec = push(out);
  if (!rec) return -1;
  int32_t index = (int32_t)out->count - 1;
  Length end = length_add(position, ts_subtree_size(subtree));
  TSSymbol symbol = ts_language_public_symbol(language, alias ? alias : ts_subtree_symbol(subtree));
  bool named = alias ? ts_language_symbol_metadata(language, alias).named : ts_subtree_named(subtree);
  rec[SYMBOL] = symbol;
  rec[FLAGS] = named ? NAMED : 0;
  rec[PARENT] = parent;
  rec[FIELD] = field;
  rec[START] = (int32_t)(position.bytes / 2);
  rec[END] = (int32_t)(end.bytes / 2);
  rec[START_ROW] = (int32_t)position.extent.row;
  rec[START_COL] = (int32_t)(position.extent.column / 2);
  rec[END_ROW] = (int32_t)end.extent.row;
  rec[END_COL] = (int32_t)(end.extent.column / 2);
  rec[NEXT] = -1;
  rec[CHILD_COUNT] = 0;
  if (parent >= 0) {
    if (last_child[0] >= 0) out->data[(size_t)last_child[0] * WIDTH + NEXT] = index;
    last_child[0] = index;
    out->data[(size_t)parent * WIDTH + CHILD_COUNT]++;
  }
  return index;
}

// The children of one subtree being walked. Hidden subtrees (grammar rules starting with `_`) are walked like
// visible ones, but their visible descendants become children of the nearest visible ancestor (`owner`).
typedef struct {
  Subtree parent;
  const TSSymbol *aliases;
  const TSFieldMapEntry *fields, *fields_end;
  Length position;  // where the next child starts (after its padding, once added)
  uint32_t index, structural, count;
  int32_t owner;
  int32_t last_child;  // the owner's last visible child so far (shared by the hidden frames under it)
  TSFieldId carried;   // the field a hidden parent passes down to children that have none of their own
  bool owner_fields;   // whether the owner's production has a field map at all (an ERROR node's has none)
} Frame;

static bool has_fields(const TSLanguage *language, Subtree subtree) {
  const TSFieldMapEntry *begin, *end;
  ts_language_field_map(language, subtree.ptr->production_id, &begin, &end);
  return begin != end;
}

/*
 * One pass over the tree's subtrees, giving exactly the nodes, order, positions, aliases and fields that a
 * TSTreeCursor (and napi's children()/field()) gives, without the cursor's per-step bookkeeping, which cost
 * more than the parse's last fifth here. The same rules as tree_cursor.c: a child is visible when its subtree
 * is or the production aliases it (never for extras); its field is the first non-inherited field-map entry
 * for its structural index, else its hidden parent's, up to the nearest visible ancestor; extras have none.
 * As napi's field() (ts_node_child_by_field_id) does, a node whose production has no field map (ERROR nodes)
 * gives its children none, though hidden children inside it may carry fields of their own.
 */
static int export_tree(TSTree *tree, Records *out) {
  const TSLanguage *language = tree->language;
  Subtree root = tree->root;
  int32_t no_parent = -1;
  if (emit(out, language, root, 0, ts_subtree_padding(root), -1, 0, &no_parent) < 0) return 0;
  uint32_t capacity = 64, depth = 0;
  Frame *stack = malloc(capacity * sizeof(Frame));
  if (!stack) return 0;
  if (ts_subtree_child_count(root) > 0) {
    stack[depth++] = (Frame){root, ts_language_alias_sequence(language, root.ptr->production_id), NULL, NULL,
                             ts_subtree_padding(root), 0, 0, ts_subtree_child_count(root), 0, -1, 0, has_fields(language, root)};
    ts_language_field_map(language, root.ptr->production_id, &stack[0].fields, &stack[0].fields_end);
  }
  int ok = 1;
  while (depth > 0) {
    Frame *frame = &stack[depth - 1];
    if (frame->index == frame->count) {
      // A hidden frame's last visible child is its owner's too: hand it back to the frame below.
      if (depth >= 2 && stack[depth - 2].owner == frame->owner) stack[depth - 2].last_child = frame->last_child;
      depth--;
      continue;
    }
    Subtree child = ts_subtree_children(frame->parent)[frame->index];
    if (frame->index > 0) frame->position = length_add(frame->position, ts_subtree_padding(child));
    Length position = frame->position;
    frame->position = length_add(frame->position, ts_subtree_size(child));
    frame->index++;
    bool extra = ts_subtree_extra(child);
    TSSymbol alias = 0;
    TSFieldId field = 0;
    if (!extra) {
      if (frame->aliases) alias = frame->aliases[frame->structural];
      for (const TSFieldMapEntry *entry = frame->fields; entry < frame->fields_end; entry++) {
        if (!entry->inherited && entry->child_index == frame->structural) {
          field = entry->field_id;
          break;
        }
      }
      if (!field) field = frame->carried;
      if (!frame->owner_fields) field = 0;
      frame->structural++;
    }
    bool visible = ts_subtree_visible(child) || alias;
    int32_t owner = frame->owner;
    TSFieldId carried = 0;
    if (visible) {
      owner = emit(out, language, child, alias, position, frame->owner, field, &frame->last_child);
      if (owner < 0) {
        ok = 0;
        break;
      }
    } else {
      carried = field;
    }
    if (ts_subtree_child_count(child) == 0) continue;
    if (depth == capacity) {
      Frame *grown = realloc(stack, (capacity *= 2) * sizeof(Frame));
      if (!grown) {
        ok = 0;
        break;
      }
      stack = grown;
      frame = &stack[depth - 1];
    }
    // A hidden child continues its parent's run of siblings; a visible one starts its own.
    Frame next = {child, ts_language_alias_sequence(language, child.ptr->production_id), NULL, NULL, position, 0, 0,
                  ts_subtree_child_count(child), owner, visible ? -1 : frame->last_child, carried,
                  visible ? has_fields(language, child) : frame->owner_fields};
    ts_language_field_map(language, child.ptr->production_id, &next.fields, &next.fields_end);
    stack[depth++] = next;
  }
  free(stack);
  return ok;
}

// Frees a scratch buffer that one giant input grew past what is worth keeping.
static void trim_scratch(Grammar *g) {
  if (g->records.capacity > KEEP_RECORDS) {
    free(g->records.data);
    g->records = (Records){0};
  }
  if (g->text_capacity > KEEP_TEXT_UNITS) {
    free(g->text);
    g->text = NULL;
    g->text_capacity = 0;
  }
}

// parse(handle, source) -> {nodes: Int32Array (WIDTH per node, pre-order), hasError}, or null when tree-sitter gives up.
// The records are copied into memory V8 owns. An external buffer with a finalizer would cost no copy, but
// Node runs N-API finalizers only when the event loop turns: a synchronous loop over many files (a batch
// scan, a benchmark) kept every tree's records alive until it ended (measured: 8.7 kB a parse, 3.5 GB after
// 400,000 small parses, and the parse 3x slower on fresh pages); V8 frees its own buffers in GC and counts
// them towards its heap limits.
static napi_value parse(napi_env env, napi_callback_info info) {
  size_t argc;
  napi_value argv[2];
  Grammar *g = grammar_call(env, info, 2, argv, &argc);
  if (!g) return NULL;
  size_t length;
  if (argc < 2 || napi_get_value_string_utf16(env, argv[1], NULL, 0, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "flat-tree: parse(handle, source) takes a string");
    return NULL;
  }
  if (length + 1 > g->text_capacity) {
    char16_t *grown = realloc(g->text, (length + 1) * sizeof(char16_t));
    if (!grown) {
      napi_throw_error(env, NULL, "flat-tree: out of memory");
      return NULL;
    }
    g->text = grown;
    g->text_capacity = length + 1;
  }
  CHECK(napi_get_value_string_utf16(env, argv[1], g->text, length + 1, &length));
  TSTree *tree = ts_parser_parse_string_encoding(g->parser, NULL, (const char *)g->text, (uint32_t)(length * 2), TSInputEncodingUTF16LE);
  napi_value result;
  if (!tree) {
    trim_scratch(g);
    CHECK(napi_get_null(env, &result));
    return result;
  }
  g->records.count = 0;
  int ok = export_tree(tree, &g->records);
  int has_error = ts_node_has_error(ts_tree_root_node(tree));
  ts_tree_delete(tree);
  napi_value copy = NULL, buffer, nodes, flag;
  size_t values = (size_t)g->records.count * WIDTH, bytes = values * sizeof(int32_t), offset = 0;
  // A Node Buffer copy is one pass over the records (napi_create_arraybuffer would zero-fill first).
  if (ok && napi_create_buffer_copy(env, bytes, g->records.data, NULL, &copy) != napi_ok) copy = NULL;
  trim_scratch(g);
  if (!copy) {
    napi_throw_error(env, NULL, "flat-tree: out of memory");
    return NULL;
  }
  CHECK(napi_get_typedarray_info(env, copy, NULL, NULL, NULL, &buffer, &offset));
  if (offset % sizeof(int32_t) != 0) {
    napi_throw_error(env, NULL, "flat-tree: unaligned result buffer");
    return NULL;
  }
  CHECK(napi_create_typedarray(env, napi_int32_array, values, buffer, offset, &nodes));
  CHECK(napi_create_object(env, &result));
  CHECK(napi_get_boolean(env, has_error, &flag));
  CHECK(napi_set_named_property(env, result, "nodes", nodes));
  CHECK(napi_set_named_property(env, result, "hasError", flag));
  return result;
}

// anchors.c: the rule prefilter's Aho–Corasick matcher.
napi_value anchors_matcher(napi_env env, napi_callback_info info);
napi_value anchors_find(napi_env env, napi_callback_info info);

static napi_value init(napi_env env, napi_value exports) {
  // Every worker thread's environment runs init; the first installs the allocator, before any parser exists.
  pthread_once(&allocator_once, once_per_process);
  napi_property_descriptor methods[] = {
      {"load", NULL, load, NULL, NULL, NULL, napi_default, NULL},
      {"names", NULL, names, NULL, NULL, NULL, napi_default, NULL},
      {"parse", NULL, parse, NULL, NULL, NULL, napi_default, NULL},
      {"matcher", NULL, anchors_matcher, NULL, NULL, NULL, napi_default, NULL},
      {"find", NULL, anchors_find, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
