"""Widgets: a class named like its module."""


class Widget:
    """A widget."""

    length = 3
    size = 0
    Color = "red"
    Get = 1
    New = 2
    get_attr = 5
    python_new = 7

    def __init__(self, name, size=1):
        self.name = name

    def new(self, size):
        """A Python method literally called new."""
        return Widget(self.name, size)

    def __len__(self):
        return 1

    def __getitem__(self, key):
        return key

    def get(self, key, default=None):
        """More parameters than __getitem__: wins the name get."""
        return default

    def __contains__(self, item):
        return False

    def __eq__(self, other):
        return self is other

    def end(self):
        """A reserved word."""
        return None

    def scale(self, *factors):
        """Star args."""
        return factors
