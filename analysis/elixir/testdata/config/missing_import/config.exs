import Config
config :snakebridge, verbose: true
import_config "#{config_env()}.exs"
