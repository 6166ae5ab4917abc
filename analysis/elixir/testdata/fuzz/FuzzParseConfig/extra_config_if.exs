go test fuzz v1
[]byte("import Config\nif config_env() == :test do\n  config :snakebridge, a: [b: [c: 1]]\n  import_config \"missing.exs\"\nelse\n  config :snakepit, x: System.get_env(\"X\", \"d\")\nend\nimport_config \"#{config_env()}.exs\"\n")
