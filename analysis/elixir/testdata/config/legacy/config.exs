use Mix.Config

config :snakebridge, generated_dir: "lib/gen"

import_config "#{Mix.env()}.exs"
