# profcheck: a thin wrapper over CMake.  See README.md.
#
#   make / make build   build the harness, the reference profiler and the fixtures
#   make suite          run the whole suite on every built runtime; report in build/reports/junit.xml
#   make check          unit tests and the suite; last line "N passed, N failed, N skipped"
#   make fuzz           build the libFuzzer targets with clang and run each for
#                       FUZZ_SECONDS (60); summary in build-fuzz/reports/fuzz.txt
#   make bench          measure what profcheck costs; build/reports/bench.json
#   make install        build and install under PREFIX (/usr/local), into DESTDIR if set
#   make package        build the Debian package build/profcheck_<version>_<arch>.deb
#   make deps           install (as root) or name the missing Debian packages
#   make clean          remove the build directory
#
# Variables: BUILD_DIR (build), WERROR=1 (warnings are errors),
# SANITIZE=address,undefined, RUNTIMES=8.0,9.0,10.0 (the runtimes of
# build/dotnet/ and of the fixtures, docs/runtimes.md; kept until changed),
# RUNTIME=8.0 (make suite and make check run on these built runtimes only,
# as profcheck run --runtime; default: all), CMAKE_FLAGS (passed to cmake),
# PREFIX and DESTDIR (make install; docs/install.md).

BUILD_DIR ?= build
WERROR ?= 0
SANITIZE ?=
CMAKE_FLAGS ?=
RUNTIMES ?=
RUNTIME ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
BENCH_RUNS ?= 10
FUZZ_BUILD_DIR ?= build-fuzz
PREFIX ?= /usr/local
DESTDIR ?=

PROFCHECK := $(BUILD_DIR)/bin/profcheck
RUN_ENV := $(if $(RUNTIME),PROFCHECK_RUNTIME=$(RUNTIME))
CONFIGURE_FLAGS := -DPROFCHECK_WERROR=$(if $(filter 1,$(WERROR)),ON,OFF) \
                   -DPROFCHECK_SANITIZE=$(SANITIZE) \
                   $(if $(RUNTIMES),-DPROFCHECK_RUNTIMES=$(RUNTIMES)) $(CMAKE_FLAGS)

.PHONY: all build configure suite check fuzz bench deps clean install package

all: build

deps:
	@sh ci/deps.sh

configure:
	@cmake -S . -B $(BUILD_DIR) --log-level=WARNING $(CONFIGURE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

suite: deps
	@$(MAKE) --no-print-directory build
	$(RUN_ENV) $(PROFCHECK) run cases --report-dir $(BUILD_DIR)/reports

check: deps
	@$(MAKE) --no-print-directory build
	@$(RUN_ENV) sh ci/check.sh $(BUILD_DIR)

install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD_DIR) --prefix "$(PREFIX)"

package: build
	cd $(BUILD_DIR) && cpack -G DEB -B "$(abspath $(BUILD_DIR))/package" >/dev/null
	@cp $(BUILD_DIR)/package/profcheck_*.deb $(BUILD_DIR)/ && ls $(BUILD_DIR)/profcheck_*.deb

bench: deps
	@$(MAKE) --no-print-directory build
	$(BUILD_DIR)/bin/profcheck_bench --build $(BUILD_DIR) --source . --runs $(BENCH_RUNS)

fuzz: deps
	@sh ci/fuzz.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR)
