#!/bin/sh
# run-subproject.sh: libbodywork as another project's subproject, built
# static, and the static library installed and used.  Checks that
#  - a subproject build has no test, example, fuzzer or Python targets and
#    registers no tests (they default to on only for the top-level project);
#  - the consumer links the static library and runs;
#  - the installed static CMake package names no absolute path from the
#    machine that built it (its dependencies are found again when used), and
#    find_package(bodywork) builds a consumer from it;
#  - pkg-config --static links a program against it, and plain --cflags
#    carries none of libxml2's flags;
#  - a build configured on its own defaults to RelWithDebInfo, and a
#    subproject leaves the build type to the enclosing project.
# Exits non-zero on the first failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/../../tests/data/valid"
jobs=${JOBS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
fail() { echo "run-subproject.sh: $*" >&2; exit 1; }

build_type() { sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$1/CMakeCache.txt"; }

echo "== the build type when none is given"
# configured on its own: optimised, with debug information
cmake -S "$here/../.." -B "$work/top" -DBW_BUILD_TESTS=OFF \
  -DBW_BUILD_EXAMPLES=OFF -DBW_BUILD_PYTHON=OFF >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
[ "$(build_type "$work/top")" = RelWithDebInfo ] ||
  fail "a top-level build defaults to '$(build_type "$work/top")', not RelWithDebInfo"
# as a subproject: the enclosing project's choice, even none, stands
cmake -S "$here/subproject" -B "$work/sub-default" >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
[ -z "$(build_type "$work/sub-default")" ] ||
  fail "the subproject set the enclosing project's build type"
rm -rf "$work/top" "$work/sub-default"

echo "== libbodywork as a static subproject"
b="$work/sub"
cmake -S "$here/subproject" -B "$b" -DBUILD_SHARED_LIBS=OFF \
  -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$b" --target help >"$work/targets"
grep -q '\.\.\. consumer$' "$work/targets" || fail "no consumer target"
grep -q '\.\.\. bodywork$' "$work/targets" || fail "no bodywork target"
if grep -E '\.\.\. (check_[a-z_]+|bodywork_internal|bodywork_cli|bw_(lookup|clinic|search|plan)|bodywork_python|fuzz_[a-z_]+)$' \
     "$work/targets"; then
  fail "a subproject build has test, example or binding targets (above)"
fi
ntests=$(ctest --test-dir "$b" -N | sed -n 's/^Total Tests: //p')
[ "${ntests:-0}" -eq 0 ] || fail "a subproject build registers $ntests tests"
cmake --build "$b" -j "$jobs" --target consumer
"$b/consumer" "$corpus"
if ldd "$b/consumer" 2>/dev/null | grep -q libbodywork; then
  fail "the consumer loads a shared libbodywork; it was built static"
fi

echo "== the installed static library"
prefix="$work/prefix"
cmake --install "$b" --prefix "$prefix" >/dev/null
targets=$(find "$prefix" -name 'bodywork-targets.cmake')
[ -n "$targets" ] || fail "no bodywork-targets.cmake under $prefix"
# Every path in the exported targets is relative to the install prefix.
if grep -nE '(^|[";<>:])/[A-Za-z]' "$(dirname "$targets")"/bodywork-targets*.cmake |
     grep -v '_IMPORT_PREFIX'; then
  fail "the static CMake export names absolute paths (above)"
fi
if grep -n "$work\|$(cd "$here/../.." && pwd)" "$(dirname "$targets")"/*.cmake; then
  fail "the CMake package names the build or source tree (above)"
fi
cmake -S "$here" -B "$work/fp" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/fp"
"$work/fp/consumer" "$corpus"

pc=$(find "$prefix" -name bodywork.pc -path '*/pkgconfig/*')
[ -n "$pc" ] || fail "no bodywork.pc under $prefix"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
cflags=$(pkg-config --cflags bodywork)
case "$cflags" in
  *libxml2*|*UTF8PROC*) fail "pkg-config --cflags bodywork leaks: $cflags" ;;
esac
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -pedantic -Werror -o "$work/pc-static" \
  "$here/main.c" $(pkg-config --static --cflags --libs bodywork)
"$work/pc-static" "$corpus"
echo "subproject and static install: ok"
