# Khabar: the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

DATA   ?= khabar-data
SHARED ?= $(abspath ../shared)
KHABAR := build/release/src/cli/khabar
FUZZ_SECONDS ?= 8
# Slowest first, so that a run of N executions each ends soonest.
FUZZERS := html_extract_fuzz http_fuzz plain_text_fuzz quotes_fuzz tokenizer_fuzz \
           feed_fuzz query_fuzz normalizer_fuzz mail_fuzz web_text_fuzz form_fuzz \
           dates_fuzz cookie_fuzz

.PHONY: run test deps release debug unit web-test fuzz-smoke bench eval layering format format-check clean demo-data

PORT   ?= 8080

deps:
	@bash scripts/install-deps.sh
	@bash scripts/install-node-deps.sh

release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

debug: deps
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug

# Ingests the demo articles (and ../shared when present), shows a few searches,
# then serves the site on http://localhost:$(PORT) until Ctrl-C.
run: release
	@bash scripts/demo.sh "$(KHABAR)" "$(DATA)" "$(SHARED)" "$(PORT)"

layering:
	@tools/check_layering

fuzz-smoke: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@bash scripts/fuzz-smoke.sh build/fuzz/fuzz $(FUZZ_SECONDS) $(FUZZERS)

# The long local run: FUZZ_RUNS executions of every target, one per core;
# each target's last line gives its executions, speed and time. FUZZ_PRESET
# is fuzz-long (-O2, ASan + UBSan) or fuzz-ubsan (-O2, UBSan only: about 3x
# the speed on the allocation-heavy targets, which is how 10 million
# executions per target fit in an afternoon on two cores).
FUZZ_RUNS ?= 10000000
FUZZ_PRESET ?= fuzz-long
fuzz-long: deps
	@cmake --preset $(FUZZ_PRESET) >/dev/null
	@cmake --build --preset $(FUZZ_PRESET)
	@FUZZ_RUNS=$(FUZZ_RUNS) bash scripts/fuzz-smoke.sh build/$(FUZZ_PRESET)/fuzz 0 $(FUZZERS)

unit: debug
	@ctest --preset debug

# Pages (axe, XSS, screenshots in build/artifacts/screenshots), feeds and
# the JSON API against `khabar serve` on the debug build.
web-test: debug
	@bash scripts/web-test.sh build/debug

# Everything CI checks; ctest's summary is the last thing printed.
test: deps layering fuzz-smoke debug
	@bash scripts/web-test.sh build/debug
	@ctest --preset debug

bench: release
	@bash scripts/bench.sh build/release "$(SHARED)"

eval: release
	@bash scripts/eval.sh "$(KHABAR)" "$(SHARED)"

format:
	@find src bench fuzz -name '*.h' -o -name '*.cc' | xargs clang-format -i

format-check:
	@find src bench fuzz -name '*.h' -o -name '*.cc' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build
