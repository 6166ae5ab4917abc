import Config

config :snakebridge,
  generated_dir: "lib/snakebridge_generated",
  scan_paths: ["lib"]

# Any other application's configuration is ignored by snakebridge-lsp.
config :logger, level: :info

import_config "#{config_env()}.exs"
