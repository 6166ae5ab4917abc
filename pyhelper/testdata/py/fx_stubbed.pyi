"""Stub docstring of fx_stubbed."""
from typing import overload

def scale(value: float, factor: int = ...) -> float:
    """Scale a value (stub doc)."""

@overload
def pick(value: int) -> int: ...
@overload
def pick(value: str, strict: bool = ...) -> str: ...

def stub_only(flag: bool | None) -> list[int]: ...

class Box:
    def __init__(self, content: str) -> None: ...
    def get(self, default: str | None = ...) -> str: ...

class StubOnlyClass:
    """Exists only in the stub."""
    def run(self, times: int) -> None: ...
