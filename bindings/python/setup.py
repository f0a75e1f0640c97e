"""setup.py: builds the bodywork._bodywork extension against an installed
libbodywork.  The compiler and linker flags come from `pkg-config bodywork`
(PKG_CONFIG_PATH finds a library installed under a prefix); without
pkg-config, or to override it, set BODYWORK_INCLUDE_DIR and
BODYWORK_LIBRARY_DIR (each a list separated by os.pathsep).  A library
outside the system directories is also recorded as the extension's run
path, so the module finds it at run time without LD_LIBRARY_PATH;
BODYWORK_RPATH (a list, or empty for none) replaces that choice.  The
package version is the library's (pkg-config --modversion).

When the library is found neither way, the build stops before compiling
and says so.  The extension is always compiled afresh: a build/ folder left
by an earlier install, perhaps against another libbodywork, is not reused."""
import os
import shlex
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext as _build_ext

SYSTEM_LIB_DIRS = ("/lib", "/usr/lib", "/lib64", "/usr/lib64")


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "bodywork"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return shlex.split(out)


def env_dirs(name):
    value = os.environ.get(name)
    return [d for d in value.split(os.pathsep) if d] if value else None


cflags = pkg_config("--cflags") or []
# A static-only libbodywork brings its own dependencies (Libs.private).
static = "-DBW_STATIC_DEFINE" in cflags
libs = pkg_config("--libs", *(["--static"] if static else [])) or ["-lbodywork"]
include_dirs = env_dirs("BODYWORK_INCLUDE_DIR") or \
    [os.path.normpath(f[2:]) for f in cflags if f.startswith("-I")]
library_dirs = env_dirs("BODYWORK_LIBRARY_DIR") or \
    [os.path.normpath(f[2:]) for f in libs if f.startswith("-L")]
libraries = [f[2:] for f in libs if f.startswith("-l")]
macros = [tuple(f[2:].split("=", 1)) if "=" in f else (f[2:], None)
          for f in cflags if f.startswith("-D")]
rpath = [d for d in library_dirs
         if not d.startswith(SYSTEM_LIB_DIRS) or "/local/" in d]
if "BODYWORK_RPATH" in os.environ:
    rpath = env_dirs("BODYWORK_RPATH") or []
found = (pkg_config("--modversion") or [None])[0]
version = found or os.environ.get("BODYWORK_VERSION", "0.0.0")
MISSING = """libbodywork was not found: `pkg-config bodywork` failed.
Install the library first (cmake --install BUILD --prefix PREFIX, or the
libbodywork-dev package), and for a PREFIX outside the system directories
set PKG_CONFIG_PATH=PREFIX/lib/pkgconfig (or PREFIX/lib/<multiarch>/pkgconfig);
or set BODYWORK_INCLUDE_DIR and BODYWORK_LIBRARY_DIR."""


class build_ext(_build_ext):
    """Stops early when libbodywork is missing; never reuses old objects."""

    def finalize_options(self):
        super().finalize_options()
        self.force = True

    def run(self):
        if not found and not (env_dirs("BODYWORK_INCLUDE_DIR")
                              and env_dirs("BODYWORK_LIBRARY_DIR")):
            raise SystemExit("error: " + MISSING)
        super().run()

here = os.path.dirname(os.path.abspath(__file__))
sources = sorted(os.path.join("src", f) for f in os.listdir(os.path.join(here, "src"))
                 if f.endswith(".c"))

setup(
    version=version,
    cmdclass={"build_ext": build_ext},
    ext_modules=[Extension(
        "bodywork._bodywork",
        sources=sources,
        depends=["src/pybw.h"],
        include_dirs=include_dirs,
        library_dirs=library_dirs,
        libraries=libraries,
        runtime_library_dirs=rpath,
        define_macros=macros,
        extra_compile_args=["-std=c11", "-Wall", "-Wextra"],
    )],
)
