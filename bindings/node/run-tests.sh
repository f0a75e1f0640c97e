#!/bin/bash
# run-tests.sh BUILD_DIR [PREFIX]: build and test the Node.js bindings.
#
#  1. build the addon (bindings/node/build/bodywork.node) with CMake against
#     the libbodywork build tree BUILD_DIR, offline, with the Node-API
#     headers already installed;
#  2. npm ci (the TypeScript compiler, from package-lock.json);
#  3. tsc --noEmit over the TypeScript example, against index.d.ts;
#  4. node --test over test/*.test.js, comparing answers with BUILD_DIR's
#     bodywork command line;
#  5. with PREFIX (an installed libbodywork), build the addon again
#     against it, found through pkg-config, and run a smoke test.
#
# ADDON_BUILD overrides where the addon is built (default
# bindings/node/build).  Any failure stops the run with a non-zero status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 BUILD_DIR [PREFIX]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
prefix=${2:+$(cd "$2" && pwd)}
addon_build=${ADDON_BUILD:-$here/build}
jobs=${JOBS:-2}

echo "node $(node --version), npm $(npm --version)"

# 1. the addon, against the build tree
rm -rf "$addon_build"
cmake -S "$here" -B "$addon_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBW_WERROR=ON -DBW_BUILD_DIR="$build" >/dev/null
cmake --build "$addon_build" -j "$jobs"
export BODYWORK_NODE_ADDON="$addon_build/bodywork.node"

# 2. and 3. the declarations, type-checked
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
npx --no-install tsc --noEmit -p test/tsconfig.json
echo "tsc --noEmit: ok"

# 4. the tests
if [ -x "$build/examples/bodywork" ]; then
  export BODYWORK_CLI="$build/examples/bodywork"
fi
unset BODYWORK_CORPUS
node --test test/*.test.js

# 5. against an installed library, found through pkg-config
if [ -n "$prefix" ]; then
  rm -rf "$addon_build/prefix"
  PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    cmake -S "$here" -B "$addon_build/prefix" -DBW_WERROR=ON >/dev/null
  cmake --build "$addon_build/prefix" -j "$jobs"
  BODYWORK_NODE_ADDON="$addon_build/prefix/bodywork.node" node -e '
    const bodywork = require(process.argv[1]);
    (async () => {
      const db = await bodywork.openAsync();
      const hits = await db.searchAsync("psoas strech");
      if (db.lookup("fight or flight muscle").id !== "psoas-major" ||
          hits.correction !== "psoas stretch") throw new Error("wrong answer");
      db.close();
      console.log("addon built against " + process.argv[2] + ": ok");
    })().catch((e) => { console.error(e); process.exit(1); });' "$here" "$prefix"
fi
