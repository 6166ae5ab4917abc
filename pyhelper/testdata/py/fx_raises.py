def helper():
    pass


raise RuntimeError("fixture import failure")
