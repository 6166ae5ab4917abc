"""Prints at import, through every channel."""
import os
import sys

print("hello from fx_prints")
sys.stderr.write("stderr from fx_prints\n")
os.write(1, b"fd1 from fx_prints\n")


def quiet():
    return None
