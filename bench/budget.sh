#!/bin/sh
# bench/budget.sh: the open time of each hostile shape at three sizes.
#
# The shapes are those of issue 19's attack run, the ones tests/check_budget.c
# feeds (there memory is asserted, never time): many attributes on one
# element, many sibling aliases (within the cap per entity, and over it),
# many newlines (LF and CR), many tiny elements, deep but allowed nesting.
# For each shape and size n, 4n, 16n it prints the file size, the status of
# bw_db_open, the best of three open times and the ratio to size n; a ratio
# near 4 and 16 is linear, near 16 and 256 quadratic.  It reports and never
# fails on timing (docs/performance.md, "Budget").
#
#     bench/budget.sh [BUILD_DIR] [SCALE]
#
# BUILD_DIR holds libbodywork.so (default build/bench, built Release when
# missing); SCALE multiplies every size (default 1; 4 for a longer run).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TREE=${1:-$ROOT/build/bench}
SCALE=${2:-1}
if [ ! -e "$TREE/libbodywork.so" ]; then
	cmake -S "$ROOT" -B "$TREE" -DCMAKE_BUILD_TYPE=Release \
		-DBW_BUILD_TESTS=OFF -DBW_BUILD_EXAMPLES=OFF \
		-DBW_BUILD_FUZZERS=OFF >/dev/null
	cmake --build "$TREE" -j2 --target bodywork >/dev/null
fi
exec python3 - "$TREE/libbodywork.so" "$SCALE" <<'EOF'
import ctypes, os, sys, tempfile, time

lib = ctypes.CDLL(sys.argv[1])
scale = int(sys.argv[2])
NAMES = {0: "ok", -2: "ENOMEM", -4: "EPARSE", -5: "ESCHEMA", -6: "ECORPUS"}

class Err(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("line", ctypes.c_ulong),
                ("column", ctypes.c_ulong), ("file", ctypes.c_char * 1024),
                ("message", ctypes.c_char * 512)]

HEAD = (b'<corpus version="1">\n<source id="s" kind="book"><title>T</title>'
        b'</source>\n')
TAIL = b'</corpus>\n'

def site(i, aliases):
    return (b'<site id="x%d" type="region"><name>X</name>' % i +
            b''.join(b'<alias type="synonym" source="s" evidence="established">a%d</alias>' % k
                     for k in range(aliases)) +
            b'<summary source="s" evidence="established">S</summary></site>\n')

# name: (generator of n, base n)
SHAPES = {
    "attributes": (lambda n: b'<corpus version="1"><source id="s"' +
                   b''.join(b' a%d=""' % k for k in range(n)) +
                   b' kind="book"><title>T</title></source>' + TAIL, 20000),
    "aliases, 1000 per entity": (lambda n: HEAD + b''.join(
        site(i, 1000) for i in range(n)) + TAIL, 4),
    "aliases, one entity": (lambda n: HEAD + site(0, n) + TAIL, 8000),
    "newlines (LF)": (lambda n: HEAD + b'\n' * n + TAIL, 1 << 20),
    "newlines (CR)": (lambda n: HEAD + b'\r' * n + TAIL, 1 << 20),
    "tiny elements": (lambda n: HEAD + b'<a/>' * n + TAIL, 50000),
    "nesting 200 deep": (lambda n: HEAD + (b'<a>' * 200 + b'</a>' * 200) * n
                         + TAIL, 250),
}

def open_time(path):
    db = ctypes.c_void_p()
    err = Err()
    paths = (ctypes.c_char_p * 1)(path.encode())
    best = None
    for _ in range(3):
        t = time.perf_counter()
        st = lib.bw_db_open(ctypes.byref(db), paths, ctypes.c_size_t(1),
                            ctypes.byref(err))
        t = time.perf_counter() - t
        if st == 0:
            lib.bw_db_close(db)
        best = t if best is None else min(best, t)
    return NAMES.get(st, str(st)), best

print("| shape | n | bytes | status | open (ms) | ratio to n |")
print("|---|---:|---:|---|---:|---:|")
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "shape.xml")
    for name, (gen, base) in SHAPES.items():
        first = None
        for mult in (1, 4, 16):
            n = base * scale * mult
            data = gen(n)
            with open(path, "wb") as f:
                f.write(data)
            st, t = open_time(path)
            first = first or t
            print(f"| {name} | {n} | {len(data)} | {st} | {t * 1e3:.1f} | "
                  f"{t / first:.1f} |", flush=True)
EOF
