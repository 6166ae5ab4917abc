"""Small statistics helpers for the snakebridge-lsp demo project."""

from typing import List, Sequence

__all__ = ["mean", "Histogram"]


def mean(values: Sequence[float]) -> float:
    """Return the arithmetic mean of ``values``.

    Parameters
    ----------
    values : sequence of float
        The numbers to average; must not be empty.
    """
    values = list(values)
    if not values:
        raise ValueError("mean() of an empty sequence")
    return sum(values) / len(values)


class Histogram:
    """Counts of values in equal-width bins."""

    def __init__(self, values: Sequence[float], bins: int = 10) -> None:
        self.values = list(values)
        self.bins = bins

    def counts(self) -> List[int]:
        """Return the number of values in each bin."""
        if not self.values:
            return [0] * self.bins
        lo, hi = min(self.values), max(self.values)
        width = (hi - lo) / self.bins or 1.0
        out = [0] * self.bins
        for v in self.values:
            out[min(int((v - lo) / width), self.bins - 1)] += 1
        return out
