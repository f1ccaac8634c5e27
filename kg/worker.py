"""Run a function in a forked child that is killed at a deadline, and never outlives us.

A Python signal alarm cannot interrupt a query running inside Oxigraph (or a
long rdflib evaluation), so timeouts need a process that can be killed. Forking
lets the child share the parent's loaded store, so starting it costs
milliseconds, not a reload.

The child must not outlive its parent: it asks the kernel for SIGKILL when the
parent dies (Linux ``PR_SET_PDEATHSIG``, so even ``kill -9`` of the parent stops
it), and the parent kills it when SIGTERM or SIGHUP arrives during the wait
(SIGINT raises KeyboardInterrupt, which does the same).

>>> call_in_fork(lambda: 6 * 7, timeout=10)
42
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["call_in_fork", "die_with_parent"]

T = TypeVar("T")

PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def die_with_parent(parent: int, signum: int = signal.SIGKILL) -> None:
    """Have the kernel send ``signum`` to this process when its parent dies (Linux only;
    a no-op elsewhere), and exit at once if ``parent`` is already gone (the race before the call).

    >>> call_in_fork(lambda: die_with_parent(os.getppid()) or "still here", timeout=10)
    'still here'
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _child(function: Callable[[], Any], conn: Any, parent: int) -> None:
    die_with_parent(parent)
    for signum in STOP_SIGNALS:  # the parent's handlers are not the child's
        signal.signal(signum, signal.SIG_DFL)
    try:
        conn.send(("ok", function()))
    except Exception as error:  # handed to the parent, which raises it there
        conn.send(("error", error))
    finally:
        conn.close()


@contextmanager
def _kill_on_stop_signals(process: multiprocessing.process.BaseProcess) -> Iterator[None]:
    """While inside, SIGTERM or SIGHUP kills ``process`` first, then takes its usual course
    (the previous handler, or the default: this process ends by that signal)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; PR_SET_PDEATHSIG still covers us
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}

    def stop(signum: int, frame: object) -> None:
        if process.pid is not None:  # started
            if process.is_alive():
                process.kill()
            process.join()
        signal.signal(signum, previous[signum])
        signal.raise_signal(signum)

    for signum, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def call_in_fork(function: Callable[[], T], timeout: float) -> T:
    """``function()`` evaluated in a forked child; its result, or its exception raised here.

    Raises :class:`TimeoutError` when it runs past ``timeout`` seconds (the child
    is killed) and :class:`ChildProcessError` when the child dies without an answer.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(function, sender, os.getpid()), daemon=True)
    with _kill_on_stop_signals(process):
        process.start()
        sender.close()
        try:
            if not receiver.poll(timeout):
                raise TimeoutError(f"still running after {timeout:g} s")
            try:
                status, payload = receiver.recv()
            except EOFError:
                raise ChildProcessError(f"exit code {process.exitcode}") from None
        finally:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()
    if status == "error":
        raise payload
    return payload
