module github.com/snakebridge-lsp/snakebridge-lsp

go 1.26

require (
	github.com/fsnotify/fsnotify v1.10.1
	github.com/rivo/uniseg v0.2.0
	github.com/stretchr/testify v1.11.1
	golang.org/x/sys v0.23.0
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
