# The front door. `make run` and `make check` are the two commands the README
# promises; each installs what is missing first.

BUILD      ?= build
ASAN_BUILD ?= build-asan
DEMO_DB    ?= $(BUILD)/demo.db
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build build-asan run demo check test test-asan clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKOPA_SANITIZE=ON

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# Demo database: built fresh each time so it always matches the code.
demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).key
	$(BUILD)/kopa demo --db $(DEMO_DB)

run: demo
	$(BUILD)/kopa report evaluation --db $(DEMO_DB) --region ZPR --at 2021-12-31 --format csv

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

check: test test-asan
	@tests/check-banned.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
