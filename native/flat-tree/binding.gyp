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
      # NDEBUG as in tree-sitter's own release builds: its ts_assert checks (array bounds on every stack and
      # subtree access) were 3.3% of parse instructions (callgrind, CyberSecEval Python: 985M -> 952M).
      "defines": ["_POSIX_C_SOURCE=200809L", "_DEFAULT_SOURCE", "NDEBUG"],
      "libraries": ["-ldl"]
    }
  ]
}
