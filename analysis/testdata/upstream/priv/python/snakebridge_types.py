# snakebridge_types.py (reduced)
