# The committed sample data is exactly the generator's output for its seed.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${Python3_EXECUTABLE} ${EXAMPLE}/generate.py --out ${WORK} RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "generate.py failed: ${code}")
endif()
foreach(name debtors.csv events.jsonl)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/${name} ${EXAMPLE}/data/${name}
                  RESULT_VARIABLE differs)
  if(differs)
    message(FATAL_ERROR "${EXAMPLE}/data/${name} is not what generate.py makes; regenerate it and commit")
  endif()
endforeach()
