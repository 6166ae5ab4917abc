import Config

config :snakebridge,
  introspector: [timeout: 10, env: %{"PYTHONPATH" => "priv/python"}],
  docs: [source: :python, cache_enabled: true],
  scan_paths: ["lib"],
  coverage_report: [output_dir: "coverage"],
  stubgen: [enabled: true, cache_dir: ".cache"],
  generated_layout: :split

config :snakebridge, :introspector, max_concurrency: 4
config :snakebridge, introspector: [timeout: 20, cd: "priv"]
config :snakebridge, scan_paths: ["lib", "test/support"]
config :snakebridge, coverage_report: []
config :snakebridge, stubgen: [cache_dir: nil], docs: :off
config(:snakebridge, generated_layout: :single)
config :snakebridge, :helper_allowlist, :none
