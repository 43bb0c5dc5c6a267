# Warnings and sanitizers apply to Cobro's own targets only; generated code is
# compiled without them (see grammar/CMakeLists.txt).
function(cobro_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
  if(COBRO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(COBRO_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${COBRO_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${COBRO_SANITIZE})
  endif()
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()

# A library of Cobro's own code.
function(cobro_library name)
  add_library(${name} STATIC ${ARGN})
  cobro_target_options(${name})
endfunction()
