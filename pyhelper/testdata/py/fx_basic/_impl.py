import enum
from typing import Dict, List, Optional


def plain(a, b=1, *args, c, d="x", **kwargs):
    """Positional, variadic and keyword-only parameters."""


def keyword_only(*, flag: bool = False, name: str) -> None:
    pass


def typed(items: List[int], mapping: Optional[Dict[str, float]] = None) -> "int | None":
    """Typed."""


def variadic(*values, sep=" "):
    pass


class Base:
    """The base class."""

    limit = 10

    def __init__(self, size: int):
        self.size = size

    def shared(self, x):
        """Inherited by Child."""
        return x

    @classmethod
    def build(cls, n: int) -> "Base":
        return cls(n)

    @staticmethod
    def helper(value):
        return value

    @property
    def area(self):
        return self.size

    def __len__(self):
        return self.size


class Child(Base):
    def extra(self, y, /, z=None):
        return y


class Color(enum.Enum):
    RED = 1
    GREEN = 2
