"""Installs a signal handler when imported, as some libraries do: Python
allows that only on the main thread (elsewhere signal.signal raises
ValueError), as in `python -c "import fx_signals"`."""

import signal
import threading

IMPORTED_ON_MAIN_THREAD = threading.current_thread() is threading.main_thread()
_previous = signal.signal(signal.SIGUSR2, signal.SIG_IGN)


def on_main_thread():
    """Whether the import ran on the main thread."""
    return IMPORTED_ON_MAIN_THREAD
