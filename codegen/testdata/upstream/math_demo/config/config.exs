import Config

config :snakebridge,
  verbose: false

config :logger, level: :warning
