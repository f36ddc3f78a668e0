# The two set-up commands of the README, and a few conveniences.
#   make demo   install what is missing, build, make demo logs if none, run the whole cycle
#   make test   build and run every test through ctest: unit and e2e tests in the ASan+UBSan
#               build, the binary's e2e and browser tests in the release build
#   make serve  the dashboard and API of the last run, on http://127.0.0.1:8501/
#   make bench  the benchmarks of bench/ (README there), DuckDB comparison included
#   make format the C++ (clang-format) and the dashboard's JavaScript, HTML and
#               CSS (Prettier) in place; `make format-check` checks both and runs
#               ESLint over web/src (part of `make test`)
#   make lint   clang-tidy (.clang-tidy) over src/, tests/ and bench/; any finding fails
#   make fuzz   the libFuzzer targets of tests/fuzz, each for FUZZ_SECONDS (3 minutes);
#               `make test` runs each for 20 s
#
# Every build target depends on `deps`, so that even `make -j test` installs
# the packages before CMake looks for them.

JOBS   ?= $(shell nproc)
CONFIG ?= configs/config.yaml
FUZZ_SECONDS ?= 180
BIN     = build/release/bin/churn-radar

.PHONY: demo serve test deps test-deps bench-deps binary release asan dev test-release test-asan fuzz-build test-fuzz fuzz bench format format-check lint clean

demo: binary
	$(BIN) --config $(CONFIG) make-dataset --demo --if-missing
	$(BIN) --config $(CONFIG) run

# The dashboard on http://127.0.0.1:8501/ (after make demo), until Ctrl-C.
serve: binary
	$(BIN) --config $(CONFIG) serve

test: format-check test-release test-asan test-fuzz

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

# The fuzz preset builds tests/fuzz alone, with clang-14 (libFuzzer, ASan and
# UBSan), from the few sources its targets read. Each ctest runs one target
# from its committed seeds for FUZZ_SECONDS; what it finds stays in
# build/fuzz/tests/fuzz/<target>/ (tests/fuzz/README.md).
fuzz-build: test-deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)

test-fuzz: fuzz-build
	FUZZ_SECONDS=20 ctest --preset fuzz -j $(JOBS)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) ctest --preset fuzz -j $(JOBS)

# The benchmarks need DuckDB (npm, bench/duckdb/package-lock.json) for the
# feature engine's comparison; `make test` does not.
bench-deps:
	@scripts/install-deps.sh --bench

bench: release bench-deps
	scripts/run-benchmarks.sh

# The dashboard's formatter and linter come from npm (web/tools, pinned by its
# package-lock.json), installed by test-deps.
CXX_SOURCES  = find src tests bench -name '*.h' -o -name '*.cpp'
WEB_TOOLS    = web/tools/node_modules/.bin
WEB_SOURCES  = web/src tests/browser/*.mjs
PRETTIER     = $(WEB_TOOLS)/prettier --config web/tools/prettier.config.js --log-level warn
ESLINT       = $(WEB_TOOLS)/eslint --config web/tools/eslint.config.js --max-warnings 0

format: test-deps
	$(CXX_SOURCES) | xargs clang-format -i
	$(PRETTIER) --write $(WEB_SOURCES)

format-check: test-deps
	$(CXX_SOURCES) | xargs clang-format --dry-run --Werror
	$(PRETTIER) --check $(WEB_SOURCES)
	$(ESLINT) $(WEB_SOURCES)

# clang-tidy reads the dev preset's compile_commands.json, and the fuzz
# preset's for tests/fuzz (which only clang builds); configuring is enough
# (no build), as no header is generated.
lint: test-deps
	cmake --preset dev >/dev/null
	run-clang-tidy -p build/dev -j $(JOBS) -quiet '$(CURDIR)/(src|tests|bench)/'
	cmake --preset fuzz >/dev/null
	run-clang-tidy -p build/fuzz -j $(JOBS) -quiet '$(CURDIR)/tests/fuzz/'

clean:
	rm -rf build
