go test fuzz v1
[]byte("import Config\nimport_config \"other.exs\"\n")
