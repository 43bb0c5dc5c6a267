# Fails when an include crosses a layer boundary (STYLE.md section 7), run
# as a ctest: cmake -DSOURCE_DIR=... -P CheckLayering.cmake
#
#  - antlr4 headers only in compiler/parse/ (and never in its public
#    headers parse.h and lexer_check.h);
#  - llvm/ headers only in compiler/codegen/ and runtime/jit/;
#  - runtime/ includes nothing from compiler/ but base/ and flowir/, except
#    that the JIT (runtime/jit/) drives compiler/codegen/;
#  - compiler/base/ includes nothing else of ours.
set(violations "")
file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR}
     ${SOURCE_DIR}/compiler/*.h ${SOURCE_DIR}/compiler/*.cpp
     ${SOURCE_DIR}/runtime/*.h ${SOURCE_DIR}/runtime/*.cpp
     ${SOURCE_DIR}/lsp/*.h ${SOURCE_DIR}/lsp/*.cpp
     ${SOURCE_DIR}/tests/*.h ${SOURCE_DIR}/tests/*.cpp
     ${SOURCE_DIR}/bench/*.h ${SOURCE_DIR}/bench/*.cpp)
foreach(source ${sources})
  file(STRINGS ${SOURCE_DIR}/${source} includes REGEX "^#include")
  foreach(line ${includes})
    if(line MATCHES "antlr4|Cobro(Lexer|Parser)\\.h")
      if(NOT source MATCHES "^compiler/parse/" OR source MATCHES "parse/(parse|lexer_check)\\.h$")
        list(APPEND violations "${source}: ${line}")
      endif()
    endif()
    if(line MATCHES "<llvm/" AND NOT source MATCHES "^(compiler/codegen|runtime/jit)/")
      list(APPEND violations "${source}: ${line}")
    endif()
    if(source MATCHES "^runtime/" AND line MATCHES "\"compiler/"
       AND NOT line MATCHES "\"compiler/(base|flowir)/"
       AND NOT (source MATCHES "^runtime/jit/" AND line MATCHES "\"compiler/codegen/"))
      list(APPEND violations "${source}: ${line}")
    endif()
    if(source MATCHES "^compiler/base/" AND line MATCHES "\"(compiler|runtime|lsp|stdlib)/"
       AND NOT line MATCHES "\"compiler/base/")
      list(APPEND violations "${source}: ${line}")
    endif()
  endforeach()
endforeach()
if(violations)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "includes that cross a layer boundary:\n  ${text}")
endif()
list(LENGTH sources count)
message(STATUS "layering: ${count} files checked, no violations")
