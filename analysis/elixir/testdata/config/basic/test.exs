import Config

config :snakebridge,
  strict: true,
  introspector: [timeout: 5_000]

config :snakepit, pool_size: 1
