"""Runtime module without annotations; the .pyi beside it has them."""


def scale(value, factor=2):
    return value * factor


def pick(value):
    return value


class Box:
    def __init__(self, content):
        self.content = content

    def get(self, default=None):
        return self.content
