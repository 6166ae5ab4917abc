import sys

SEEN = tuple(sys.argv)


def argv_seen(value=SEEN):
    return value
