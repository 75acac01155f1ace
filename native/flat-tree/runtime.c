// The tree-sitter runtime, compiled from the sources the `tree-sitter` npm package ships (its version is
// pinned in package.json); binding.gyp puts their directory on the include path.
#include "lib.c"
