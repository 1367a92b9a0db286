# make install and make package (docs/install.md).
#
#   PREFIX/bin/profcheck                              the command
#   PREFIX/lib/profcheck/libprofcheck_ref.so          the reference profiler
#   PREFIX/lib/profcheck/libagent_*.so                the demonstration agents
#   PREFIX/share/profcheck/cases/                     the suite, case.xsd in it
#   PREFIX/share/profcheck/fixtures/<tfm>/            the fixtures of every runtime of the build
#   PREFIX/share/profcheck/runtimes.txt               which (fixtures/CMakeLists.txt)
#   PREFIX/share/profcheck/schemas/                   the report schemas
#   PREFIX/share/doc/profcheck/                       README.md, docs/
#   PREFIX/share/man/man1/                            profcheck(1), profcheck-COMMAND(1)
#   PREFIX/share/bash-completion/completions/profcheck
#
# profcheck finds the rest from where it is (harness/cli/layout.h), so the
# directories below PREFIX are fixed; PREFIX itself is free.

install(TARGETS profcheck RUNTIME DESTINATION bin)
install(TARGETS profcheck_ref LIBRARY DESTINATION lib/profcheck)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/cases/ DESTINATION share/profcheck/cases)
install(FILES ${CMAKE_SOURCE_DIR}/reports/junit.xsd ${CMAKE_SOURCE_DIR}/reports/junit-jenkins.xsd
        DESTINATION share/profcheck/schemas)
install(FILES ${PROFCHECK_MAN_PAGES} DESTINATION share/man/man1)
install(FILES ${CMAKE_SOURCE_DIR}/completion/profcheck.bash DESTINATION share/bash-completion/completions
        RENAME profcheck)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION share/doc/profcheck)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs DESTINATION share/doc/profcheck)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/copyright DESTINATION share/doc/profcheck)
# The release notes, in the Debian changelog format, compressed as Debian wants them.
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/share/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/share
  COMMAND sh -c "gzip -9n < '${CMAKE_SOURCE_DIR}/packaging/changelog' > '${CMAKE_BINARY_DIR}/share/changelog.gz'"
  DEPENDS ${CMAKE_SOURCE_DIR}/packaging/changelog
  COMMENT "Compressing the changelog"
  VERBATIM)
add_custom_target(changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/share/changelog.gz)
install(FILES ${CMAKE_BINARY_DIR}/share/changelog.gz DESTINATION share/doc/profcheck)

# A stripped installation (cpack, cmake --install --strip) also drops the
# compiler's .comment section, as Debian's dh_strip does; the build-id stays
# (reports and inspect-agent show it).  Runs after every other rule.
install(CODE "
if(CMAKE_INSTALL_DO_STRIP)
  file(GLOB pc_stripped \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/profcheck/*.so\")
  foreach(f \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/bin/profcheck\" \${pc_stripped})
    execute_process(COMMAND \"${CMAKE_STRIP}\" --remove-section=.comment \"\${f}\" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR \"cannot strip .comment from \${f}\")
    endif()
  endforeach()
endif()")

# make package: a Debian package of the same tree under /usr.
set(PROFCHECK_MAINTAINER "profcheck maintainers <maintainers@profcheck.invalid>" CACHE STRING
    "The Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME profcheck)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CONTACT "${PROFCHECK_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PROFCHECK_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: computed by dpkg-shlibdeps when cpack runs (cmake/deb_depends.cmake.in).
configure_file(${CMAKE_SOURCE_DIR}/cmake/deb_depends.cmake.in ${CMAKE_BINARY_DIR}/deb_depends.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_BINARY_DIR}/deb_depends.cmake)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dotnet-runtime-8.0 | dotnet-runtime-9.0 | dotnet-runtime-10.0 | dotnet-sdk-10.0")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libxml2-utils")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "conformance suite and regression harness for .NET profiler agents")
string(REPLACE ";" ", " runtimes_text "${PROFCHECK_RUNTIMES}")
string(REPLACE "," ", " runtimes_text "${runtimes_text}")
# One paragraph per line of at most 79 characters; CPack indents them.
set(CPACK_PACKAGE_DESCRIPTION "profcheck runs small .NET apps under a profiler (its own reference
profiler, or a vendor's agent behind a recording proxy), drives them step by
step, records every profiler callback, checks the callbacks and the apps'
outcomes against XML case files, and writes JUnit, TAP, JSON and HTML
reports.

The package holds the command, the reference profiler, the demonstration
agents, and the suite with its fixtures built for .NET ${runtimes_text}.
The cases run on the host's .NET runtimes (dotnet on PATH).")
include(CPack)
