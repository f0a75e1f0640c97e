# check-layers.cmake: the library's internal headers form layers
# (docs/design.md, "Layers").  Run as
#   cmake -DSRC=<tree holding lib/ and include/> -P check-layers.cmake
# It reads every `#include` line of lib/*/*.c and lib/*/*.h and fails when
#  - a file includes a header of its own layer but another directory, or of
#    a higher layer;
#  - a directory under lib/ has no layer in the table below;
#  - a quoted include names no file of the tree (nor a generated public
#    header, bodywork_*.h);
#  - the include graph has a cycle;
#  - a file outside the loader includes a libxml2 header, directly or through
#    any chain of project headers.
# Each failure is one line on stderr starting "layers:"; the tests in
# tests/CMakeLists.txt also run it on small broken trees to see it fail.

if(NOT SRC)
  message(FATAL_ERROR "layers: give -DSRC=<source tree>")
endif()

# The layers, lowest first.  Directories on one line are siblings: neither
# may include the other.  load speaks libxml2 and feeds the model; handle is
# struct bw_db, which plan and query read and api fills.
set(BW_LAYERS
  "util"
  "text"
  "model"
  "load index"
  "handle"
  "plan query map"
  "api")
# Directories whose files may include libxml2's headers.
set(BW_LIBXML_DIRS load)

set(level 0)
foreach(line IN LISTS BW_LAYERS)
  string(REPLACE " " ";" dirs "${line}")
  foreach(d IN LISTS dirs)
    set(layer_${d} ${level})
  endforeach()
  math(EXPR level "${level} + 1")
endforeach()

set(failures 0)
macro(fail msg)
  message("layers: ${msg}")
  math(EXPR failures "${failures} + 1")
endmacro()

file(GLOB files RELATIVE "${SRC}" "${SRC}/lib/*/*.c" "${SRC}/lib/*/*.h")
list(SORT files)
if(NOT files)
  message(FATAL_ERROR "layers: no sources under ${SRC}/lib")
endif()

# Edges: for each file (a path relative to SRC, e.g. lib/query/query.h) the
# project headers it includes, as paths relative to SRC, in edges_<id>.
# CMake variable names cannot hold '/', so each file gets an id.
set(nodes "")
foreach(f IN LISTS files)
  string(MAKE_C_IDENTIFIER "${f}" id)
  set(id_of_${id} ${id})
  set(path_${id} "${f}")
  set(edges_${id} "")
  set(xml_${id} "")
  list(APPEND nodes ${id})
endforeach()

foreach(id IN LISTS nodes)
  set(f "${path_${id}}")
  get_filename_component(fdir "${f}" DIRECTORY)
  get_filename_component(d "${fdir}" NAME)
  if(NOT DEFINED layer_${d})
    fail("${f}: lib/${d} has no layer; give it one in tests/check-layers.cmake and docs/design.md")
    continue()
  endif()
  file(STRINGS "${SRC}/${f}" incs REGEX "^[ \t]*#[ \t]*include")
  foreach(inc IN LISTS incs)
    if(inc MATCHES "^[ \t]*#[ \t]*include[ \t]*<(libxml/[^>]*)>")
      set(xml_${id} "<${CMAKE_MATCH_1}>")
      list(FIND BW_LIBXML_DIRS "${d}" ok)
      if(ok EQUAL -1)
        fail("${f}: includes <${CMAKE_MATCH_1}>: only lib/${BW_LIBXML_DIRS} may include libxml2")
      endif()
      continue()
    endif()
    if(NOT inc MATCHES "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"")
      continue()
    endif()
    set(name "${CMAKE_MATCH_1}")
    # Resolve as the compiler does: beside the file, then lib/, then include/.
    set(target "")
    foreach(base "${fdir}" "lib" "include")
      get_filename_component(cand "${SRC}/${base}/${name}" ABSOLUTE)
      if(EXISTS "${cand}" AND NOT IS_DIRECTORY "${cand}")
        file(RELATIVE_PATH target "${SRC}" "${cand}")
        break()
      endif()
    endforeach()
    if(target STREQUAL "")
      if(name MATCHES "^bodywork(_[a-z]+)?\\.h$")
        continue()              # generated public header (build tree)
      endif()
      fail("${f}: #include \"${name}\" names no file of the tree")
      continue()
    endif()
    if(target MATCHES "^include/")
      continue()                # the public API: below every layer
    endif()
    if(NOT target MATCHES "^lib/([^/]+)/[^/]+$")
      fail("${f}: #include \"${name}\" is not a header of lib/<stage>/")
      continue()
    endif()
    set(e "${CMAKE_MATCH_1}")
    if(NOT DEFINED layer_${e})
      fail("${f}: includes ${target}, and lib/${e} has no layer")
      continue()
    endif()
    if(NOT e STREQUAL d AND NOT layer_${e} LESS layer_${d})
      if(layer_${e} EQUAL layer_${d})
        set(how "a sibling layer")
      else()
        set(how "a higher layer")
      endif()
      fail("${f}: includes ${target}, from ${how} (lib/${d} may include only its own directory and the layers below it)")
    endif()
    string(MAKE_C_IDENTIFIER "${target}" tid)
    if(DEFINED id_of_${tid})
      list(APPEND edges_${id} ${tid})
    endif()
  endforeach()
endforeach()

# Cycles: peel off files whose every include is already peeled; what is
# left when nothing more peels lies on or above a cycle.
set(left ${nodes})
set(changed TRUE)
while(changed)
  set(changed FALSE)
  set(next "")
  foreach(id IN LISTS left)
    set(blocked FALSE)
    foreach(t IN LISTS edges_${id})
      list(FIND left ${t} at)
      if(NOT at EQUAL -1)
        set(blocked TRUE)
        break()
      endif()
    endforeach()
    if(blocked)
      list(APPEND next ${id})
    else()
      set(changed TRUE)
    endif()
  endforeach()
  set(left ${next})
endwhile()
if(left)
  set(names "")
  foreach(id IN LISTS left)
    list(APPEND names "${path_${id}}")
  endforeach()
  string(REPLACE ";" ", " names "${names}")
  fail("include cycle among: ${names}")
endif()

# libxml2 through project headers: a file pulls it in when it includes a
# libxml2 header or a project header that pulls it in.  Iterate to a fixed
# point (the graph may be cyclic when the check above already failed).
set(changed TRUE)
while(changed)
  set(changed FALSE)
  foreach(id IN LISTS nodes)
    if(NOT xml_${id} STREQUAL "")
      continue()
    endif()
    foreach(t IN LISTS edges_${id})
      if(NOT xml_${t} STREQUAL "")
        set(xml_${id} "${path_${t}} -> ${xml_${t}}")
        set(changed TRUE)
        break()
      endif()
    endforeach()
  endforeach()
endwhile()
foreach(id IN LISTS nodes)
  set(f "${path_${id}}")
  get_filename_component(fdir "${f}" DIRECTORY)
  get_filename_component(d "${fdir}" NAME)
  list(FIND BW_LIBXML_DIRS "${d}" ok)
  if(ok EQUAL -1 AND NOT xml_${id} STREQUAL "" AND NOT xml_${id} MATCHES "^<")
    fail("${f}: pulls in libxml2 through ${xml_${id}}: only lib/${BW_LIBXML_DIRS} may include libxml2")
  endif()
endforeach()

list(LENGTH files nfiles)
if(failures GREATER 0)
  message(FATAL_ERROR "layers: ${failures} problem(s) in ${nfiles} files")
endif()
message(STATUS "layers: ${nfiles} files of lib/ keep to their layers")
