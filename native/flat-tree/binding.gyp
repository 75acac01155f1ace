{
  "targets": [
    {
      "target_name": "flat_tree",
      "variables": {
        "runtime": "<!(node -p \"require('path').join(require('path').dirname(require.resolve('tree-sitter/package.json')), 'vendor', 'tree-sitter', 'lib')\")"
      },
      "sources": ["flat_tree.c", "anchors.c", "dense_table.c", "alloc.c", "runtime.c"],
      "include_dirs": ["<(runtime)/include", "<(runtime)/src"],
      "cflags": ["-std=c11", "-fvisibility=hidden"],
      "defines": ["_POSIX_C_SOURCE=200809L", "_DEFAULT_SOURCE"],
      "libraries": ["-ldl"]
    }
  ]
}
