use Mix.Config
config :snakebridge, generated_dir: "lib/gen_test"
