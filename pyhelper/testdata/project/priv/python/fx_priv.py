"""Found through <project>/priv/python on PYTHONPATH."""


def from_priv():
    return 1
