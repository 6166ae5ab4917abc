import Config
import_config "other.exs"
