# snakebridge-lsp — see README.md. `make run` and `make test` are the two
# set-up commands; everything else is for developers and CI.

GO       ?= go
BIN      := bin/snakebridge-lsp
DEMO     := bin/demo
PKGS     := ./...
# The Debian packages the tests use as real components.
APT_PKGS := erlang-base elixir neovim python3 python3-numpy python3-sympy \
            python3-venv python3-pip python3-setuptools python3-wheel \
            chromium libkrb5-dev
# The VS Code extension: its packages (make vsix) and the end-to-end test's
# code-server and Node 24, cached outside git.
VSCODE       := editors/vscode
VSIX_TARGETS ?= linux-x64
VSIX         := bin/snakebridge-linux-x64.vsix
E2E_CACHE    ?= .cache/vscode-e2e

.PHONY: build install run test test-go test-vscode vsix e2e-vscode bench lint cross ci-deps clean

build:
	$(GO) build -o $(BIN) ./cmd/snakebridge-lsp

# Installs snakebridge-lsp into $(go env GOBIN), or $(go env GOPATH)/bin.
install:
	$(GO) install ./cmd/snakebridge-lsp

# Builds the binary, copies the demo project's tracked files to bin/demo
# (the checkout is never written: tests copy the committed demo), generates
# its bindings there and checks them.
run: build
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@if git -C examples/demo rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  cd examples/demo && git ls-files -z -- . | tar --null -T - -cf - | tar -C ../../$(DEMO) -xf -; \
	else cp -R examples/demo/. $(DEMO); fi
	@echo "== snakebridge-lsp generate $(DEMO)"
	./$(BIN) generate $(DEMO)
	@echo "== snakebridge-lsp check $(DEMO)"
	./$(BIN) check $(DEMO)

test: lint test-go test-vscode

test-go:
	$(GO) test -race -timeout 30m $(PKGS)

# The extension's unit tests (a mocked vscode module), then the test of the
# packaged .vsix. Without npm they are skipped, except under CI=true.
test-vscode:
	@if ! command -v npm >/dev/null; then \
	  if [ "$$CI" = true ]; then echo "npm is missing: the VS Code extension cannot be tested"; exit 1; fi; \
	  echo "== skipping the VS Code extension tests: npm is not installed"; exit 0; \
	fi; \
	$(MAKE) --no-print-directory vsix && cd $(VSCODE) && npm test && \
	SNAKEBRIDGE_VSIX=$(CURDIR)/$(VSIX) node --test out/test/vsix.check.js

$(VSCODE)/node_modules/.package-lock.json: $(VSCODE)/package-lock.json
	cd $(VSCODE) && npm ci --no-audit --no-fund

# Per-platform packages (VSIX_TARGETS, e.g. "linux-x64 darwin-arm64 win32-x64")
# into bin/, each bundling the server built for its platform.
vsix: $(VSCODE)/node_modules/.package-lock.json
	cd $(VSCODE) && GO=$(GO) node scripts/package.mjs $(CURDIR)/bin $(VSIX_TARGETS)

# The extension in a real VS Code (code-server) driven by chromium;
# screenshots in bin/e2e/.
e2e-vscode: vsix
	$(VSCODE)/e2e/install.sh $(E2E_CACHE)
	node $(VSCODE)/e2e/run.mjs $(VSIX) $(E2E_CACHE) bin/e2e

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
	cd $(VSCODE) && npm ci --no-audit --no-fund
	$(VSCODE)/e2e/install.sh $(E2E_CACHE)

clean:
	rm -rf bin
