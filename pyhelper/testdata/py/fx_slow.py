import time

time.sleep(1.5)


def slow():
    return None
