defmodule HeredocSigils.MixProject do
  use Mix.Project

  @description """
  Uses   heredocs, \"quotes\" and 'single' ones.
    Indented line.
  """

  def project do
    [
      app: :heredoc_sigils,
      description: @description,
      python_deps: [
        {:math, :stdlib, include: ~w[sqrt floor ceil], exclude: ~W(fsum\s)},
        {:pathlib, :stdlib, include: ~w"Path PurePath"},
        {:"my.local", :stdlib, python_name: "my.local", module_name: My.Local, docs_url: ~S"""
        https://example.com/docs\n
        """}
      ]
    ]
  end
end
