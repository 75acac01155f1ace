#!/usr/bin/env bash
# Idempotent set-up for a fresh clone on a Debian machine: system packages, npm ci, build.
# Sourced or run by start.sh, test.sh and bench.sh; cheap when everything is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v bwrap >/dev/null 2>&1 || need_apt+=(bubblewrap)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
# The sandbox runs programs with the system Python; pytest test suites need its pytest.
/usr/bin/python3 -c 'import pytest' >/dev/null 2>&1 || need_apt+=(python3-pytest)
command -v prlimit >/dev/null 2>&1 || need_apt+=(util-linux)
for extra in "$@"; do command -v "$extra" >/dev/null 2>&1 || need_apt+=("$extra"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "codeward setup: installing Debian packages: ${need_apt[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

stamp=node_modules/.codeward-lock-hash
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "codeward setup: npm ci" >&2
  # Registry mirrors may lack other platforms' optional binaries (rollup, ast-grep), which makes npm ci
  # reject a lockfile that cannot list them; npm install then installs the same locked versions.
  if ! npm ci --no-audit --no-fund --loglevel=error 2>/tmp/codeward-npm-ci.log; then
    echo "codeward setup: npm ci refused the lockfile (see /tmp/codeward-npm-ci.log); installing the locked versions with npm install" >&2
    npm install --no-save --no-audit --no-fund --loglevel=error
  fi
  echo "$lock_hash" > "$stamp"
fi

# The native parts (native/flat-tree: the parser; native/zygote: the fork server's loop) build during
# npm ci; rebuild them when their sources change since.
native_sources=(native/flat-tree/*.c native/flat-tree/binding.gyp native/zygote/*.c native/zygote/binding.gyp package-lock.json)
native_stamp=native/flat-tree/build/.source-hash
native_hash=$(cat "${native_sources[@]}" | sha256sum | cut -d' ' -f1)
addons=(native/flat-tree/build/Release/flat_tree.node native/zygote/build/Release/zygote.node)
built() { [ -f "${addons[0]}" ] && [ -f "${addons[1]}" ]; }
# Built just now by npm's install script (no stamp yet, nothing newer than them): take them as they are.
if built && [ ! -f "$native_stamp" ] && [ -z "$(find "${native_sources[@]}" -newer "${addons[0]}")" ] && [ -z "$(find "${native_sources[@]}" -newer "${addons[1]}")" ]; then
  echo "$native_hash" > "$native_stamp"
fi
if ! built || [ ! -f "$native_stamp" ] || [ "$(cat "$native_stamp")" != "$native_hash" ]; then
  echo "codeward setup: building the native parser and zygote" >&2
  if ! npm run --silent build:native >/tmp/codeward-native-build.log 2>&1; then
    cat /tmp/codeward-native-build.log >&2
    echo "codeward setup: the native parts failed to build (needs python3, make, gcc/g++ and Node's headers)" >&2
    exit 1
  fi
  echo "$native_hash" > "$native_stamp"
fi

echo "codeward setup: build" >&2
npm run --silent build
