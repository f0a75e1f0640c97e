# check-soname.cmake: cmake -DLIB=libbodywork.so.X -DVERSION=X.Y.Z -P this
# Fails unless the library's SONAME is the one the version policy in
# docs/design.md gives: libbodywork.so.0.MINOR while the major version is 0,
# libbodywork.so.MAJOR from 1.0 on.
if(NOT LIB OR NOT VERSION)
  message(FATAL_ERROR "usage: cmake -DLIB=FILE -DVERSION=X.Y.Z -P check-soname.cmake")
endif()
string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" ok "${VERSION}")
if(NOT ok)
  message(FATAL_ERROR "not a version: ${VERSION}")
endif()
if(CMAKE_MATCH_1 EQUAL 0)
  set(want "libbodywork.so.0.${CMAKE_MATCH_2}")
else()
  set(want "libbodywork.so.${CMAKE_MATCH_1}")
endif()

find_program(OBJDUMP NAMES objdump REQUIRED)
execute_process(COMMAND ${OBJDUMP} -p ${LIB}
  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "objdump -p ${LIB} failed")
endif()
string(REGEX MATCH "SONAME +([^\n ]+)" found "${out}")
if(NOT found)
  message(FATAL_ERROR "${LIB} has no SONAME")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL want)
  message(FATAL_ERROR "${LIB}: SONAME ${CMAKE_MATCH_1}, expected ${want}")
endif()
message(STATUS "SONAME ${want}")
