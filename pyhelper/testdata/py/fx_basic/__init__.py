"""Fixture package: functions, classes, attributes, lazy members."""

from fx_basic._impl import Base, Child, Color, keyword_only, plain, typed, variadic

__all__ = [
    "Base", "Child", "Color", "keyword_only", "plain", "typed", "variadic",
    "odd_defaults", "broken_doc", "ANSWER", "lazy_value", "lazy_broken", "lazy_missing",
]

ANSWER = 42


class _Unrepresentable:
    def __repr__(self):
        raise RuntimeError("no repr for you")


def odd_defaults(a=object(), b=_Unrepresentable(), c=float("nan"), d=b"\xff\x00", e={1, 2}):
    """Defaults that are not JSON values."""


def broken_doc():
    pass


# A docstring that is not valid UTF-8 once encoded (lone surrogate).
broken_doc.__doc__ = b"bad \xff bytes".decode("utf-8", "surrogateescape")


def __getattr__(name):
    if name == "lazy_value":
        from fx_basic._lazy import lazy_value
        return lazy_value
    if name == "lazy_broken":
        raise ImportError("lazy member fails to load")
    raise AttributeError(name)
