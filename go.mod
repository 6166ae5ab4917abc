module github.com/snakebridge-lsp/snakebridge-lsp

go 1.26

require (
	github.com/fsnotify/fsnotify v1.10.1
	github.com/rivo/uniseg v0.2.0
	github.com/stretchr/testify v1.11.1
	github.com/tliron/commonlog v0.2.18
	github.com/tliron/glsp v0.2.2
	github.com/tliron/kutil v0.3.25
	golang.org/x/sys v0.23.0
)

require (
	github.com/aymanbagabas/go-osc52/v2 v2.0.1 // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/iancoleman/strcase v0.3.0 // indirect
	github.com/lucasb-eyer/go-colorful v1.2.0 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	github.com/mattn/go-runewidth v0.0.14 // indirect
	github.com/muesli/termenv v0.15.2 // indirect
	github.com/petermattis/goid v0.0.0-20180202154549-b0b1615b78e5 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	github.com/sasha-s/go-deadlock v0.3.1 // indirect
	github.com/segmentio/ksuid v1.0.4 // indirect
	golang.org/x/crypto v0.26.0 // indirect
	golang.org/x/term v0.23.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
