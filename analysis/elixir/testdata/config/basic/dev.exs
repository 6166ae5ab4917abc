import Config

config :snakebridge, verbose: false, introspector: [max_concurrency: 4]
