# schema-agrees.cmake: corpus/bodywork.rng, as authors run it with xmllint,
# accepts every good corpus file and rejects every tests/data/invalid/schema-*
# case.  The library validates with the schema minus its facets and checks
# the facets in C (lib/load/build.c); this keeps the two in step.
# Run as: cmake -DSRC=source-dir -P schema-agrees.cmake
find_program(XMLLINT xmllint REQUIRED)
set(schema ${SRC}/corpus/bodywork.rng)
file(GLOB good ${SRC}/corpus/*.xml ${SRC}/tests/data/valid/*.xml
     ${SRC}/tests/data/layers/*/*.xml)
foreach(f ${good})
  execute_process(COMMAND ${XMLLINT} --noout --relaxng ${schema} ${f}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "schema rejects a good file ${f}:\n${out}")
  endif()
endforeach()
file(GLOB bad ${SRC}/tests/data/invalid/schema-*/input.xml)
foreach(f ${bad})
  execute_process(COMMAND ${XMLLINT} --noout --relaxng ${schema} ${f}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(rc EQUAL 0)
    message(FATAL_ERROR "schema accepts a bad file ${f}")
  endif()
endforeach()
list(LENGTH good ngood)
list(LENGTH bad nbad)
message(STATUS "schema accepts ${ngood} good files and rejects ${nbad} bad ones")
