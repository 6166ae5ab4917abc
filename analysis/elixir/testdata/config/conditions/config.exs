import Config

config :snakebridge, strict: false, verbose: false

if config_env() == :prod do
  config :snakebridge, strict: true
else
  config :snakebridge, verbose: true
end

if config_env() in [:dev, :test] do
  config :snakebridge, auto_install: :dev_test
end

unless Mix.env() != :test do
  config :snakebridge, compile_hint: true
end

if config_target() == :host and true do
  config :other_app, key: :value
end

if System.get_env("CI") do
  config :logger, level: :warning
end

config :snakebridge,
  python_executable: System.get_env("SNAKEBRIDGE_PY"),
  venv: System.get_env("SNAKEBRIDGE_NO_SUCH_VAR", ".venv"),
  label: System.get_env("SNAKEBRIDGE_LABEL") || "fallback",
  env_name: config_env(),
  "quoted key": :ok
