go test fuzz v1
[]byte("import Config\n\nconfig :snakebridge,\n  strict: true,\n  introspector: [timeout: 5_000]\n\nconfig :snakepit, pool_size: 1\n")
