"""Appends a line to $FX_COUNTER_FILE each time it is imported, slowly."""
import os
import time

with open(os.environ["FX_COUNTER_FILE"], "a") as handle:
    handle.write("imported\n")
time.sleep(0.5)


def counted():
    return None
