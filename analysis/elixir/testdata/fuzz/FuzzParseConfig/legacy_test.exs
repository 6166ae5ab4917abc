go test fuzz v1
[]byte("use Mix.Config\nconfig :snakebridge, generated_dir: \"lib/gen_test\"\n")
