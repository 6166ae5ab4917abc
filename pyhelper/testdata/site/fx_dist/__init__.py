"""A module installed from a distribution."""


def dist_func(value):
    return value
