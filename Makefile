# xbench: `make run` runs jobs/randread.ini, `make test` runs every test.
# Both install what they need first (make deps, as root on Debian).

GO      ?= go
BIN     := bin/xbench
JOB     ?= jobs/randread.ini
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/xbench/xbench/internal/cli.Version=$(VERSION)

.PHONY: all deps build run test vet validate bench bench-json soak clean

all: build

deps:
	@scripts/deps.sh

build: deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/xbench

run: build
	$(BIN) $(JOB)

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

test: deps vet
	$(GO) test -race -count=1 ./...
	$(MAKE) validate

# validate measures xbench compare's false-alarm and detection rates with
# real runs of jobs/ci-regression.ini (tools/regcheck; about 5 minutes).
validate: build
	$(GO) run ./tools/regcheck --xbench $(BIN) --job jobs/ci-regression.ini

# soak runs a mixed verify workload with injected faults, round after
# round, for SOAK_TIME and checks that memory stays flat, nothing leaks
# and every fault is accounted for in the report (tools/soak).
SOAK_TIME ?= 60s
soak: deps
	$(GO) run ./tools/soak --duration $(SOAK_TIME)

# bench runs the same jobs through fio and xbench, interleaved, and prints
# one table of the performance targets (fio, xbench, ratio, target, met);
# then the Go micro-benchmarks of the per-IO path. bench-json writes the
# same table, with every run, to BENCH_JSON (see BENCHMARKS.md).
BENCH_JSON ?= bench.json
bench: build
	$(GO) run ./tools/benchcmp --xbench $(BIN) --commit $(VERSION)
	$(GO) test -run '^$$' -bench . -benchmem ./internal/xnvme ./stats ./workload ./engine

bench-json: build
	$(GO) run ./tools/benchcmp --xbench $(BIN) --commit $(VERSION) --json $(BENCH_JSON)

clean:
	rm -rf bin xbench-*.dat
