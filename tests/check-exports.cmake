# check-exports.cmake: the shared library exports exactly the symbols listed
# in tests/exports.txt: every public bw_* function and nothing internal.
# Run as: cmake -DLIB=path -DLIST=path -P check-exports.cmake
execute_process(COMMAND nm -D --defined-only ${LIB}
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${LIB}")
endif()
string(REGEX MATCHALL "[TDBR] [A-Za-z_][A-Za-z0-9_]*" rows "${out}")
set(have "")
foreach(row ${rows})
  string(REGEX REPLACE "^[TDBR] " "" sym "${row}")
  list(APPEND have ${sym})
endforeach()
list(SORT have)
file(STRINGS ${LIST} want)
list(SORT want)
if(NOT have STREQUAL want)
  set(extra ${have})
  list(REMOVE_ITEM extra ${want})
  set(missing ${want})
  list(REMOVE_ITEM missing ${have})
  message(FATAL_ERROR "exported symbols differ from ${LIST}\n"
          "  exported but not listed: ${extra}\n"
          "  listed but not exported: ${missing}")
endif()
list(LENGTH have n)
message(STATUS "${n} exported symbols match ${LIST}")
