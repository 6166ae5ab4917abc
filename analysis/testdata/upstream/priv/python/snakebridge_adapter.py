# snakebridge_adapter.py (reduced)
