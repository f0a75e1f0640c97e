#!/bin/sh
# run.sh PREFIX: build the consumer against the libbodywork installed under
# PREFIX (by "cmake --install build --prefix PREFIX"), once found with
# find_package(bodywork) and once with pkg-config, check that each links the
# installed library and runs, and that `pkg-config --cflags bodywork` carries
# none of libxml2's or utf8proc's flags (the public header needs neither);
# then run the installed bodywork command and check its man page and bash
# completion are installed; then check that building the Python bindings
# without the library stops early with a clear message, and that a stale
# build/ folder in the bindings' source is never reused.  Exits non-zero on
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
cflags=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags bodywork)
case "$cflags" in
  *libxml2*|*UTF8PROC*|*utf8proc*)
    echo "run.sh: pkg-config --cflags bodywork leaks: $cflags" >&2
    exit 1 ;;
esac
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

py=/usr/bin/python3
if [ -x "$py" ] && "$py" -c 'import setuptools' 2>/dev/null; then
  echo "== the Python bindings' setup.py"
  src="$work/py-src"
  cp -r "$here/../../bindings/python" "$src"
  rm -rf "$src/build" "$src"/*.egg-info
  # no libbodywork to be found: an early, plain failure
  if PKG_CONFIG_PATH='' PKG_CONFIG_LIBDIR="$work/none" "$py" -m pip install -q \
       --no-build-isolation --no-index --target "$work/py-none" "$src" \
       >"$work/py-none.log" 2>&1; then
    echo "run.sh: the bindings built with no libbodywork to be found" >&2
    exit 1
  fi
  grep -q "libbodywork was not found" "$work/py-none.log" || {
    echo "run.sh: no clear message when libbodywork is missing:" >&2
    cat "$work/py-none.log" >&2
    exit 1
  }
  # a stale extension left in the source's build/ must not be installed
  plat=$("$py" -c 'import sysconfig, sys; print(f"{sysconfig.get_platform()}-{sys.implementation.cache_tag}")')
  suffix=$("$py" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
  mkdir -p "$src/build/lib.$plat/bodywork"
  echo "not a shared object" >"$src/build/lib.$plat/bodywork/_bodywork$suffix"
  touch -d '+1 hour' "$src/build/lib.$plat/bodywork/_bodywork$suffix"
  PKG_CONFIG_PATH=$pcdir "$py" -m pip install -q --no-build-isolation \
    --no-index --target "$work/py" "$src" >"$work/py.log" 2>&1 || {
    cat "$work/py.log" >&2; exit 1; }
  PYTHONPATH="$work/py" "$py" -c '
import bodywork
with bodywork.open() as db:
    assert db.lookup("psoas").id == "psoas-major"
' || { echo "run.sh: the pip-installed bindings do not work" >&2; exit 1; }
fi
echo "consumer: ok"
