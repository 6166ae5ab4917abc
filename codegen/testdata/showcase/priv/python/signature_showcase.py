"""Functions whose signatures SnakeBridge sees differently."""


def optional_args(a, b=1, c=2):
    """Optional positionals."""
    return {"a": a, "b": b, "c": c}


def keyword_only(a, *, required_kw, optional_kw=None):
    """Keyword-only arguments."""
    return {"a": a, "required_kw": required_kw, "optional_kw": optional_kw}


def variadic(*args, **kwargs):
    """No usable runtime signature."""
    return {"args": list(args), "kwargs": kwargs}


variadic.__signature__ = "unavailable"


def join_values(*values, sep=" "):
    """*args with a keyword-only option."""
    return sep.join(str(v) for v in values)
