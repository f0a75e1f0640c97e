#!/bin/sh
# run.sh PREFIX: build the consumer against the libbodywork installed under
# PREFIX (by "cmake --install build --prefix PREFIX"), once found with
# find_package(bodywork) and once with pkg-config, check that each links the
# installed library and runs; then run the installed bodywork command and
# check its man page and bash completion are installed.  Exits non-zero on
# the first failure.
set -eu
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 PREFIX" >&2
  exit 2
fi
prefix=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/../../tests/data/valid"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

pc=$(find "$prefix" -name bodywork.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || { echo "run.sh: no bodywork.pc under $prefix" >&2; exit 1; }
pcdir=$(dirname "$pc")
for variant in find_package pkg-config; do
  echo "== consumer with $variant"
  build="$work/$variant"
  if [ "$variant" = pkg-config ]; then
    set -- -DUSE_PKG_CONFIG=ON
  else
    set --
  fi
  PKG_CONFIG_PATH=$pcdir cmake -S "$here" -B "$build" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
    "$@" >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
  cmake --build "$build"
  # the library it loads is the installed one
  ldd "$build/consumer" | grep -q "=> $prefix/.*libbodywork" || {
    echo "run.sh: $variant consumer does not load $prefix's libbodywork" >&2
    ldd "$build/consumer" >&2
    exit 1
  }
  "$build/consumer" "$corpus"
done

echo "== the installed bodywork command"
"$prefix/bin/bodywork" --version
"$prefix/bin/bodywork" --corpus "$corpus" --json show psoas-major >/dev/null
for f in share/man/man1/bodywork.1 share/bash-completion/completions/bodywork; do
  [ -f "$prefix/$f" ] || { echo "run.sh: $prefix/$f is missing" >&2; exit 1; }
done
echo "consumer: ok"
