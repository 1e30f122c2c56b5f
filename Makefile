# The front door. `make run` and `make check` are the two commands the README
# promises; each installs what is missing first.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DEMO_DB    ?= $(BUILD)/demo.db
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build build-asan build-fuzz run demo check check-pg test test-asan test-fuzz fuzz fuzz-merge bench bench-pg clean \
        install package package-test test-package

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKOPA_SANITIZE=ON

# The libFuzzer tree: clang, coverage + ASan + UBSan, only the fuzz targets.
$(FUZZ_BUILD)/CMakeCache.txt:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKOPA_FUZZ=ON

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)

build-fuzz: deps $(FUZZ_BUILD)/CMakeCache.txt
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

LISTEN     ?= 127.0.0.1:8080
# DEMO_PASSWORD=… sets the demo accounts' password; without it kopa demo
# makes a random one and prints it once. There is no default password.
DEMO_FLAGS  = $(if $(DEMO_PASSWORD),--demo-password '$(DEMO_PASSWORD)')

# Demo database: built fresh each time so it always matches the code.
demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).key $(DEMO_DB).live $(DEMO_DB).live-wal $(DEMO_DB).live-shm
	$(BUILD)/kopa demo --db $(DEMO_DB) $(DEMO_FLAGS)

run: demo
	@echo
	@echo "Kopā is starting on http://$(LISTEN)/"
	@echo "Log in as sw-bauska (social worker), head-bauska (municipal head), provider-N,"
	@echo "region-zpr, ministry or admin with the demo password printed above."
	@echo "All accounts: $(BUILD)/kopa user list --db $(DEMO_DB). Stop with Ctrl+C."
	$(BUILD)/kopa serve --db $(DEMO_DB) --listen $(LISTEN)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

# Each libFuzzer target for FUZZ_CHECK_TIME seconds from its committed
# corpus; any crash, leak or failed invariant fails.
FUZZ_CHECK_TIME ?= 10
test-fuzz: build-fuzz
	cd $(FUZZ_BUILD) && KOPA_FUZZ_SECONDS=$(FUZZ_CHECK_TIME) ctest --output-on-failure -j $(JOBS)

check: test test-asan test-fuzz test-package check-pg
	@tests/check-banned.sh
	@tests/check-sql-places.sh

# The tests labelled pg (tests/CMakeLists.txt: the PostgreSQL backend's own
# and the unit tests that pass there) against a throwaway cluster that
# scripts/pg-test-cluster starts in a temporary directory (Unix socket only)
# and stops again whatever the outcome.
check-pg: build
	@dir=$$(mktemp -d /tmp/kopa-pg.XXXXXX) || exit 1; \
	trap '$(CURDIR)/scripts/pg-test-cluster stop "$$dir"' EXIT INT TERM; \
	url=$$($(CURDIR)/scripts/pg-test-cluster start "$$dir") || exit 1; \
	cd $(BUILD) && KOPA_TEST_PG="$$url" ctest -L pg --output-on-failure -j $(JOBS)

# Long fuzzing: FUZZ_TIME seconds per target (FUZZ_TARGETS: all by default),
# the corpus growing in KOPA_FUZZ_DIR (~/.cache/kopa-fuzz); then
# `make fuzz-merge` adds what reaches new code to tests/fuzz/corpus/.
FUZZ_TIME    ?= 3600
FUZZ_TARGETS ?=
fuzz: build-fuzz
	tests/fuzz/fuzz.sh long $(FUZZ_BUILD)/tests $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-merge: build-fuzz
	tests/fuzz/fuzz.sh merge $(FUZZ_BUILD)/tests $(FUZZ_TARGETS)

# Installing (docs/deploy.md): an optimised tree of its own, configured for
# PREFIX, so that kopa finds its catalogues in PREFIX/share/kopa/data; then
# the program, catalogues, kopa(1), docs and the systemd unit under
# DESTDIR+PREFIX, and DESTDIR+SYSCONFDIR/kopa/kopa.conf unless one is there.
PREFIX        ?= /usr/local
SYSCONFDIR    ?= /etc
INSTALL_BUILD ?= build-install
install:
	cmake -S . -B $(INSTALL_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) \
		-DCMAKE_INSTALL_SYSCONFDIR=$(SYSCONFDIR) -DKOPA_DATA_DIR=$(PREFIX)/share/kopa/data -DKOPA_TESTS=OFF
	cmake --build $(INSTALL_BUILD) -j $(JOBS)
	DESTDIR=$(DESTDIR) cmake --install $(INSTALL_BUILD)

# The Debian package (debian/), built by dpkg-buildpackage from a copy of
# the tree; the .deb lands in PACKAGE_OUT. package-test builds it, installs
# it in a throwaway Debian root booted with systemd (else one without, else
# this machine, left as it was), checks that the service starts and answers,
# `man kopa` opens, a backup is made, and purges it; about 2 minutes.
# make check runs it only in a throwaway root, as root (else it says why it
# skips it): tests/package/test_deb.sh.
PACKAGE_OUT ?= build-deb
package:
	@scripts/package-deps
	scripts/build-deb $(PACKAGE_OUT)

package-test:
	@scripts/package-deps
	tests/package/test_deb.sh

test-package:
	@if [ "$$(id -u)" -ne 0 ]; then echo "test-package: not root, the package test is skipped (make package-test as root)"; \
	else scripts/package-deps && { KOPA_PACKAGE_TEST_MODE=root tests/package/test_deb.sh; st=$$?; [ $$st = 0 ] || [ $$st = 77 ]; }; fi

# Issue 10's benchmark: every figure against its floor in one run, on a
# fresh optimised tree (build-bench) with the demo and the synthetic national
# data (BENCH_SCALE, default 1). Never part of `make check`; see
# docs/performance.md.
bench:
	@scripts/install-deps --bench
	bench/run.sh

# The same on SQLite and PostgreSQL side by side (a throwaway cluster,
# stopped whatever happens); BENCH_SCALE=0.1 for a quick run.
bench-pg:
	@scripts/install-deps --bench
	BENCH_BACKENDS="sqlite pg" bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(INSTALL_BUILD) $(PACKAGE_OUT) build-bench
