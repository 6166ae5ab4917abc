"""Fixture package for codegen/model tests: naming, arity and collision cases."""

import re

from .gadget import Gadget, gadget
from .widget import Widget

MAX_SIZE = 10
VERSION_INFO = (1, 2)


def optional_args(a, b=1, c=None):
    """Two optional positionals after a required one."""
    return a


def variadic(*values, sep=" "):
    """Star args and an optional keyword-only parameter."""
    return sep.join(values)


def keyword_only(x, *, mode, flag=False):
    """A required and an optional keyword-only parameter."""
    return x


def kwargs_only(**options):
    """Only **kwargs."""
    return options


def parseURL(url):
    """A camel-case Python name."""
    return url


def generate(n):
    """A streaming function."""
    yield from range(n)


def matcher(s, _w=re.compile(r"\s*").match):
    """A default whose repr holds a memory address."""
    return _w(s)


def weird():
    """Grüße: quotes \"\"\" and #{interpolation}, a tab\there, a bell \x07 and \x01 end."""


def undocumented(x):
    return x


def _reserved_def(value):
    """Named def in the module namespace."""
    return value


def _reserved_class(value):
    """Named class in the module namespace."""
    return value


_reserved_def.__name__ = "def"
_reserved_class.__name__ = "class"
globals()["def"] = _reserved_def
globals()["class"] = _reserved_class
