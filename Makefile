# The two set-up commands of the README, and a few conveniences.
#   make demo   install what is missing, build, make demo logs if none, run the whole cycle
#   make test   build and run every test (release and ASan+UBSan builds) through ctest
#   make serve  the dashboard and API of the last run, on http://127.0.0.1:8501/
#
# Every build target depends on `deps`, so that even `make -j test` installs
# the packages before CMake looks for them.

JOBS   ?= $(shell nproc)
CONFIG ?= configs/config.yaml
BIN     = build/release/bin/churn-radar

.PHONY: demo serve test deps test-deps binary release asan dev test-release test-asan bench format format-check clean

demo: binary
	$(BIN) --config $(CONFIG) make-dataset --demo --if-missing
	$(BIN) --config $(CONFIG) run

# The dashboard on http://127.0.0.1:8501/ (after make demo), until Ctrl-C.
serve: binary
	$(BIN) --config $(CONFIG) serve

test: format-check test-release test-asan

deps:
	@scripts/install-deps.sh

# Also Chromium, wrk and playwright-core, for the browser tests and benchmarks.
test-deps:
	@scripts/install-deps.sh --tests

# The binary alone, for `make demo`: no tests or benchmarks to compile.
binary: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target churn-radar

release dev asan: deps
	cmake --preset $@ >/dev/null
	cmake --build --preset $@ -j $(JOBS)

test-release: release test-deps
	ctest --preset release -j $(JOBS)

test-asan: asan test-deps
	ctest --preset asan -j $(JOBS)

bench: release test-deps
	scripts/run-benchmarks.sh

format: deps
	find src tests bench -name '*.h' -o -name '*.cpp' | xargs clang-format -i

format-check: deps
	find src tests bench -name '*.h' -o -name '*.cpp' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build
