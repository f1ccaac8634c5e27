"""Bound a function's time: in a forked child that is killed at a deadline and never outlives
us (:func:`call_in_fork`), or in a thread watched from this one (:func:`call_with_watchdog`).

A Python signal alarm cannot interrupt a query running inside Oxigraph (or a
long rdflib evaluation), so a caller that must go on after a timeout needs a process that can
be killed. Forking lets the child share the parent's loaded store, so starting it costs
milliseconds, not a reload (the library's ``run_query(..., timeout=)`` and reasoning use it).
A caller that ends when time is up (the ``kg query`` command) needs no child: the function runs
in a thread (pyoxigraph releases the GIL while it evaluates) and the waiting thread, at the
deadline, calls what ends the process.

The child must not outlive its parent: it asks the kernel for SIGKILL when the
parent dies (Linux ``PR_SET_PDEATHSIG``, so even ``kill -9`` of the parent stops
it), and the parent kills it when SIGTERM or SIGHUP arrives during the wait
(SIGINT raises KeyboardInterrupt, which does the same).

>>> call_in_fork(lambda: 6 * 7, timeout=10)
42
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

if TYPE_CHECKING:
    import multiprocessing.process

__all__ = ["call_in_fork", "call_with_watchdog", "die_with_parent"]

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
        import ctypes

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
    import multiprocessing  # here: importing it costs every `kg` call ~10 ms

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


def call_with_watchdog(function: Callable[[], T], timeout: float, on_expiry: Callable[[], NoReturn]) -> T:
    """``function()`` evaluated in a daemon thread while this one waits; its result, or its
    exception raised here. When ``timeout`` seconds pass first, ``on_expiry()`` is called: it
    must end the process (``os._exit``), since the evaluating thread cannot be stopped. Ctrl-C
    while waiting raises KeyboardInterrupt here, and stop signals keep their usual effect.

    >>> call_with_watchdog(lambda: 6 * 7, 10, on_expiry=lambda: os._exit(5))
    42
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = function()
        except Exception as error:  # handed to the waiting thread, which raises it there
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=run, name="kg-watched", daemon=True).start()
    if not done.wait(timeout):
        on_expiry()
        raise AssertionError("on_expiry must end the process")  # pragma: no cover
    if "error" in outcome:
        raise outcome["error"]
    if "value" not in outcome:
        raise ChildProcessError("the watched thread ended without an answer")
    return outcome["value"]
