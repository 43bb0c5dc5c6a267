# Generates the C++ lexer and parser from a grammar with Debian's `antlr4` tool
# at build time. The generated files live only in the build tree.
find_program(ANTLR4_TOOL antlr4 REQUIRED)

function(cobro_antlr_generate grammar_file out_dir out_sources)
  get_filename_component(base ${grammar_file} NAME_WE)
  set(generated
    ${out_dir}/${base}Lexer.cpp ${out_dir}/${base}Lexer.h
    ${out_dir}/${base}Parser.cpp ${out_dir}/${base}Parser.h
    ${out_dir}/${base}Visitor.cpp ${out_dir}/${base}Visitor.h
    ${out_dir}/${base}BaseVisitor.cpp ${out_dir}/${base}BaseVisitor.h)
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -visitor -no-listener -package cobro_grammar
            -Xexact-output-dir -o ${out_dir} ${grammar_file}
    DEPENDS ${grammar_file}
    COMMENT "Generating the Cobro parser with ANTLR"
    VERBATIM)
  set(${out_sources} ${generated} PARENT_SCOPE)
endfunction()
