# Turns a text file of the HTML report (its style sheet or its script) into a
# C source defining the text as a string and the base64 of its SHA-256, for
# the page's Content-Security-Policy ('sha256-...').
#   cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed_asset.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")

file(SHA256 "${IN}" digest)
set(alphabet "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
set(b64 "")
set(pos 0)
# 32 bytes: ten groups of three, then two bytes and one '='.
while(pos LESS 60)
  string(SUBSTRING "${digest}" ${pos} 6 group)
  math(EXPR v "0x${group}")
  foreach(shift 18 12 6 0)
    math(EXPR i "(${v} >> ${shift}) & 63")
    string(SUBSTRING "${alphabet}" ${i} 1 c)
    string(APPEND b64 "${c}")
  endforeach()
  math(EXPR pos "${pos} + 6")
endwhile()
string(SUBSTRING "${digest}" 60 4 group)
math(EXPR v "0x${group} << 2")
foreach(shift 12 6 0)
  math(EXPR i "(${v} >> ${shift}) & 63")
  string(SUBSTRING "${alphabet}" ${i} 1 c)
  string(APPEND b64 "${c}")
endforeach()
string(APPEND b64 "=")

file(WRITE "${OUT}.tmp"
  "/* Generated from ${IN} at build time. */\n"
  "const char ${NAME}[] = {\n${bytes}0x00};\n"
  "const unsigned long ${NAME}_len = ${len};\n"
  "const char ${NAME}_sha256[] = \"${b64}\";\n")
file(RENAME "${OUT}.tmp" "${OUT}")
