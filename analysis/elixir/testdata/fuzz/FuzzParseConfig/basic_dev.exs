go test fuzz v1
[]byte("import Config\n\nconfig :snakebridge, verbose: false, introspector: [max_concurrency: 4]\n")
