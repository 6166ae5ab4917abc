go test fuzz v1
[]byte("import Config\nconfig :snakebridge, verbose: true\nimport_config \"#{config_env()}.exs\"\n")
