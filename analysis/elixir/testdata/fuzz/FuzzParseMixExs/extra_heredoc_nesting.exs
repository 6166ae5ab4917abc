go test fuzz v1
[]byte("defmodule M do\n  @a \"\"\"\n  #{\"\"\"\n  inner #{1}\n  \"\"\"}\n  \"\"\"\n  def project, do: [python_deps: [@a, ~w\"\"\"\n  a b\n  \"\"\"c, ?\\n, :\"x#{y}\"]]\nend\n")
