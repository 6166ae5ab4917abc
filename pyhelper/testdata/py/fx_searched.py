def found(value):
    return value
