# Khabar: the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

DATA   ?= khabar-data
SHARED ?= $(abspath ../shared)
KHABAR := build/release/src/cli/khabar
FUZZ_SECONDS ?= 8
FUZZERS := normalizer_fuzz tokenizer_fuzz plain_text_fuzz query_fuzz dates_fuzz \
           quotes_fuzz web_text_fuzz mail_fuzz feed_fuzz html_extract_fuzz \
           http_fuzz cookie_fuzz form_fuzz

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

# The long local run: FUZZ_RUNS executions of every target (ASan+UBSan, one
# per core); each target's last line gives its executions and speed.
FUZZ_RUNS ?= 10000000
fuzz-long: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@FUZZ_RUNS=$(FUZZ_RUNS) bash scripts/fuzz-smoke.sh build/fuzz/fuzz 0 $(FUZZERS)

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
