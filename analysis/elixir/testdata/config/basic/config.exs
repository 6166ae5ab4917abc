# This file is responsible for configuring your application and its
# dependencies with the aid of the Config module.
import Config

config :snakebridge,
  generated_dir: "lib/snakebridge_generated",
  metadata_dir: ".snakebridge",
  verbose: true,
  scan_paths: ["lib", "test/support"],
  scan_exclude: ["lib/legacy/**"],
  introspector: [timeout: 30_000]

config :logger, :console,
  format: "$time $metadata[$level] $message\n",
  metadata: [:request_id]

# Other applications may compute anything; their statements are skipped.
config :my_app, MyApp.Repo,
  url: System.get_env("DATABASE_URL") |> to_string() |> String.trim(),
  pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10"),
  socket_options: if(System.get_env("ECTO_IPV6") in ~w(true 1), do: [:inet6], else: [])

config :snakepit,
  pooling_enabled: false,
  adapter_module: Snakepit.Adapters.GRPCPython

import_config "#{config_env()}.exs"
