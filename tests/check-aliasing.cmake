# check-aliasing.cmake: no cast to void ** in the C sources.  Run as
#   cmake -DSRC=<source tree> [-DDIRS=lib;examples;...] -P check-aliasing.cmake
#
# Passing &p as (void **) to a function that stores through it writes a
# T * object through an lvalue of type void *, which C11's aliasing rule
# (6.5p7) does not allow; the compiler may keep the old value of p.  Arrays
# grow with bwi_grow(&p, ...) instead (lib/util/util.h), which copies the
# pointer with memcpy; an interface that hands back a void ** (a binding's
# instance data) is read into a void * and converted.  Each hit is one line
# on stderr starting "aliasing:".

if(NOT SRC)
  message(FATAL_ERROR "aliasing: give -DSRC=<source tree>")
endif()
if(NOT DIRS)
  set(DIRS lib examples bindings fuzz bench tools)
endif()

# (void **), (void * *), (const void **), (void *const *), ...
set(cast "\\([ \t]*(const[ \t]+)?void[ \t]*\\*[ \t]*(const[ \t]*)?\\*[ \t]*\\)")

set(globs "")
foreach(d IN LISTS DIRS)
  foreach(ext c h cc cpp)
    list(APPEND globs "${SRC}/${d}/*.${ext}")
  endforeach()
endforeach()
file(GLOB_RECURSE files RELATIVE "${SRC}" ${globs})
list(FILTER files EXCLUDE REGEX "(^|/)(node_modules|build)/")
list(SORT files)

set(hits 0)
foreach(f IN LISTS files)
  file(STRINGS "${SRC}/${f}" lines REGEX "${cast}")
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    message("aliasing: ${f}: ${line}")
    math(EXPR hits "${hits} + 1")
  endforeach()
endforeach()

list(LENGTH files nfiles)
if(hits GREATER 0)
  message(FATAL_ERROR "aliasing: ${hits} cast(s) to void ** in ${nfiles} files")
endif()
message(STATUS "aliasing: no cast to void ** in ${nfiles} files")
