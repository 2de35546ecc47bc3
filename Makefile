# The two commands: `make run` (install, build, serve the demo) and `make test` (install, build, test).
BUILD      ?= build
ASAN_BUILD ?= build-asan
PORT       ?= 8080
MQTT_PORT  ?= 18830
DATA       ?= var
DEMO_COUNT ?= 300
# Third-party data sets read in place (HS nomenclature, labelled descriptions, tariffs, fraud data).
SHARED_DATA ?= ../shared/data

.PHONY: deps build web run test test-asan fuzz bench soak lint-openapi clean

deps:
	@scripts/install-deps.sh

# A unity build (CMake batches each target's sources into a few files): a clean build takes about
# 4.8 minutes on two cores instead of 7.3, since shared headers and templates are compiled once
# per batch. `make build UNITY=OFF` compiles file by file (faster after a one-file change, and the
# check that every file includes what it uses: a batch can hide a missing include).
UNITY ?= ON

build:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON -DCMAKE_UNITY_BUILD=$(UNITY) \
	  -DOC_SHARED_DATA_DIR=$(abspath $(SHARED_DATA)) > /dev/null
	@cmake --build $(BUILD)
	@scripts/build-web.sh

# The browser app (web/ -> web/dist, served at / by `serve --web`); npm packages from the lock file.
web:
	@scripts/build-web.sh

FRAUD_DATA ?= $(SHARED_DATA)/fraud/kcs-customs-declaration-datasets
MODEL      ?= $(DATA)/models/fraud.json

# With the labelled fraud data beside the project, the demo also gets a fraud model trained on
# 2020 and evaluated on 2021-Q1 (a few seconds; the figures go into the model registry); without
# it, lanes come from the criteria and random selection alone.
HS_MODEL   ?= $(DATA)/models/hs

# The HS classifier is trained on first run from the shared data (nomenclature, labelled
# descriptions, the US tariff; about 30 s), and again when it was trained by a version with other features
# (classify::kModelFormat); the server loads it from $(DATA)/models/hs.
run: deps build
	@if [ -f $(SHARED_DATA)/hs/nomenclature/hs2022_harmonized-system.csv ]; then \
	  $(BUILD)/opencustoms --shared-data $(SHARED_DATA) classify train --if-stale --out $(HS_MODEL); \
	else echo "note: no HS nomenclature in $(SHARED_DATA): no classifier, no demo declarations"; fi
	@if [ ! -f $(MODEL) ] && [ -f $(FRAUD_DATA)/df_syn_train_eng.csv ]; then \
	  $(BUILD)/opencustoms risk evaluate --train $(FRAUD_DATA)/df_syn_train_eng.csv \
	    --test $(FRAUD_DATA)/df_syn_valid_eng.csv --save-model $(MODEL); fi
	scripts/run-with-broker.sh $(DATA) $(MQTT_PORT) \
	  $(BUILD)/opencustoms serve --data $(DATA) --port $(PORT) --demo $(DEMO_COUNT) --web web/dist --shared-data $(SHARED_DATA) \
	  $$([ -f $(MODEL) ] && echo --model $(MODEL))

# All tests. In CI (CI=true) the unit tests also run once under AddressSanitizer + UBSan, and
# every fuzz target replays its committed corpus and fuzzes a few seconds (scripts/fuzz.sh --ci).
test: deps build
	cd $(BUILD) && ctest --output-on-failure --timeout 900 -j2
	@if [ "$${CI:-}" = "true" ]; then $(MAKE) --no-print-directory test-asan; fi
	@if [ "$${CI:-}" = "true" ]; then scripts/fuzz.sh --ci; fi

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOC_SANITIZE=ON -DBUILD_TESTING=ON \
	  -DCMAKE_UNITY_BUILD=$(UNITY) -DOC_SHARED_DATA_DIR=$(abspath $(SHARED_DATA)) > /dev/null
	@cmake --build $(ASAN_BUILD) --target unit_tests
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -L unit -j2

# libFuzzer targets for every parser of outside input (docs/notes/fuzzing.md), built with clang
# in build-fuzz, each run for FUZZ_SECONDS; `make fuzz FUZZ_ARGS=--merge` keeps what they find.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh $(FUZZ_ARGS)

# Every benchmark under build/bench; each prints a JSON line of its headline figures last.
bench: deps build
	@for b in $(BUILD)/bench/*; do [ -f "$$b" ] && [ -x "$$b" ] || continue; echo "== $$b"; "$$b" || exit 1; done

# Half an hour at 80 % of peak against a server of its own, then a minute idle; fails when memory
# or the write-ahead log grow past their bounds (scripts/soak.sh; SOAK_ARGS="--minutes 5" for less).
SOAK_ARGS ?=
soak: deps build
	@BUILD=$(BUILD) scripts/soak.sh $(SOAK_ARGS)

lint-openapi:
	@scripts/lint-openapi.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
