go test fuzz v1
[]byte("defmodule M do\n  def project, do: [python_deps: [\"\xff\xfe\", \"#{x}\"]]\nend\n")
