import Config

config :snakebridge, verbose: false
