"""Statistics of this example project."""


def mean(values):
    """Return the arithmetic mean of values."""
    return sum(values) / len(values)
