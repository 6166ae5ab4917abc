"""Records each import in $FX_COUNTER_FILE, then takes its time."""
import os
import time

with open(os.environ["FX_COUNTER_FILE"], "a") as handle:
    handle.write("imported\n")
time.sleep(3)


def retried():
    return None
