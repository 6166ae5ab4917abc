# snakebridge-lsp — see README.md. `make run` and `make test` are the two
# set-up commands; everything else is for developers and CI.

GO       ?= go
BIN      := bin/snakebridge-lsp
PKGS     := ./...
# The Debian packages the tests use as real components.
APT_PKGS := erlang-base elixir neovim python3 python3-numpy python3-sympy \
            python3-venv python3-pip python3-setuptools python3-wheel

.PHONY: build run test bench lint cross ci-deps clean

build:
	$(GO) build -o $(BIN) ./cmd/snakebridge-lsp

# Builds the binary, generates the demo project's bindings and checks them.
run: build
	@echo "== snakebridge-lsp generate examples/demo"
	./$(BIN) generate examples/demo
	@echo "== snakebridge-lsp check examples/demo"
	./$(BIN) check examples/demo

test: lint
	$(GO) test -race -timeout 30m $(PKGS)

bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=5 -timeout 60m $(PKGS) | tee bin/bench.txt
	$(GO) run ./internal/benchsummary < bin/bench.txt

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

# Windows is build-only in this wave; macOS and Linux/arm64 must build too.
cross:
	GOOS=windows GOARCH=amd64 $(GO) build -o /dev/null ./cmd/snakebridge-lsp
	GOOS=windows GOARCH=arm64 $(GO) build -o /dev/null ./cmd/snakebridge-lsp
	GOOS=darwin  GOARCH=arm64 $(GO) build -o /dev/null ./cmd/snakebridge-lsp
	GOOS=linux   GOARCH=arm64 $(GO) build -o /dev/null ./cmd/snakebridge-lsp

ci-deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PKGS)
	@if [ -f editors/vscode/package-lock.json ]; then cd editors/vscode && npm ci; fi

clean:
	rm -rf bin
