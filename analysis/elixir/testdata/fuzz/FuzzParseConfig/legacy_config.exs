go test fuzz v1
[]byte("use Mix.Config\n\nconfig :snakebridge, generated_dir: \"lib/gen\"\n\nimport_config \"#{Mix.env()}.exs\"\n")
