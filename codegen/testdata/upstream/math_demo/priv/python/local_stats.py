"""A module of the project itself, as upstream's examples keep under priv/python."""


def mean(values):
    """Arithmetic mean of a non-empty sequence."""
    values = list(values)
    return sum(values) / len(values)
