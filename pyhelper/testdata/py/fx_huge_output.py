import sys

sys.stdout.write("x" * (3 << 20))


def after():
    return None
