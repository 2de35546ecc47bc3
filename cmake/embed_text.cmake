# cmake -DIN=file -DOUT=file.cc -DNAME=symbol -P embed_text.cmake: writes a C++ file defining
# `extern const std::string_view NAME` holding IN's bytes (used for the OpenAPI document served at
# /openapi.yaml, so that the binary serves the description it was built with).
file(READ "${IN}" content HEX)
string(LENGTH "${content}" hex_length)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
math(EXPR length "${hex_length} / 2")
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by cmake/embed_text.cmake; do not edit.\n#include <string_view>\nnamespace oc {\nstatic const char kBytes[] = {${bytes}};\nextern const std::string_view ${NAME}(kBytes, ${length});\n}  // namespace oc\n")
file(RENAME "${OUT}.tmp" "${OUT}")
