# The runtimes list of an installation (docs/install.md): the build's
# runtimes.txt without what only this machine has (where each runtime pack
# came from, the Crossgen2 pack), with a header saying how it is read.
#   cmake -DIN=build/dotnet/runtimes.txt -DOUT=build/share/runtimes.txt -P install_runtimes.cmake
file(STRINGS "${IN}" lines)
set(out "# The runtimes the fixtures of fixtures/<tfm>/ are built for (docs/install.md), one per line:\n")
string(APPEND out "# runtime, the version they were built and tested with, target framework, -, -.\n")
string(APPEND out "# An installed profcheck runs each on the host's newest runtime of the same line.\n")
foreach(line IN LISTS lines)
  if(line MATCHES "^#" OR line STREQUAL "")
    continue()
  endif()
  string(REPLACE "\t" ";" fields "${line}")
  list(GET fields 0 runtime)
  list(GET fields 1 version)
  list(GET fields 2 tfm)
  string(APPEND out "${runtime}\t${version}\t${tfm}\t-\t-\n")
endforeach()
file(WRITE "${OUT}.tmp" "${out}")
file(RENAME "${OUT}.tmp" "${OUT}")
