# Runs the example three times — JIT, JIT again, interpreter — and requires
# identical actions, audit and KPIs; then compares them with the reviewed
# files in examples/champion_challenger/expected/. Set
# COBRO_AUTOUPDATE=1 to rewrite the expected files.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(common ${EXAMPLE}/flow.cobro --config ${EXAMPLE}/cobro.toml --profiles ${EXAMPLE}/data/debtors.csv
    --events ${EXAMPLE}/data/events.jsonl --until 2026-05-01T00:00:00Z --no-cache)
foreach(run jit1 jit2 interp)
  set(engine jit)
  if(run STREQUAL "interp")
    set(engine interp)
  endif()
  execute_process(COMMAND ${COBRO} simulate ${common} --engine ${engine} --format json
                          --out ${WORK}/${run}.actions.jsonl --audit ${WORK}/${run}.audit.jsonl
                  OUTPUT_FILE ${WORK}/${run}.kpis.json ERROR_VARIABLE summary RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "cobro simulate --engine ${engine} exited ${code}:\n${summary}")
  endif()
endforeach()
foreach(other jit2 interp)
  foreach(kind actions.jsonl audit.jsonl kpis.json)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/jit1.${kind} ${WORK}/${other}.${kind}
                    RESULT_VARIABLE differs)
    if(differs)
      message(FATAL_ERROR "${kind} of the `${other}` run differs from the first JIT run (${WORK})")
    endif()
  endforeach()
endforeach()
file(SIZE ${WORK}/jit1.actions.jsonl size)
if(size EQUAL 0)
  message(FATAL_ERROR "the example produced no actions")
endif()
# The reviewed action stream is that of the first 500 debtors (CL-000001
# to CL-000500), to keep the file small; the audit and KPIs are whole.
execute_process(COMMAND grep "\"debtor\":\"CL-000[0-4][0-9][0-9]\"\\|\"debtor\":\"CL-000500\""
                        ${WORK}/jit1.actions.jsonl
                OUTPUT_FILE ${WORK}/jit1.actions_first_500.jsonl RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "no actions for the first 500 debtors")
endif()
foreach(kind actions_first_500.jsonl audit.jsonl kpis.json)
  set(expected ${EXAMPLE}/expected/${kind})
  if("$ENV{COBRO_AUTOUPDATE}" STREQUAL "1")
    file(COPY_FILE ${WORK}/jit1.${kind} ${expected})
  else()
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/jit1.${kind} ${expected}
                    RESULT_VARIABLE differs)
    if(differs)
      message(FATAL_ERROR "${kind} differs from ${expected}: diff ${WORK}/jit1.${kind} ${expected}; "
                          "to accept: COBRO_AUTOUPDATE=1 ctest -R run/example")
    endif()
  endif()
endforeach()
