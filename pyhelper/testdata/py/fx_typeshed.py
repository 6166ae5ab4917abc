def shed(value):
    return value
