def lazy_value(x, y=2):
    """Loaded on first access."""
    return x + y
