"""Run a function in a forked child that is killed at a deadline.

A Python signal alarm cannot interrupt a query running inside Oxigraph (or a
long rdflib evaluation), so timeouts need a process that can be killed. Forking
lets the child share the parent's loaded store, so starting it costs
milliseconds, not a reload.

>>> call_in_fork(lambda: 6 * 7, timeout=10)
42
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["call_in_fork"]

T = TypeVar("T")


def _child(function: Callable[[], Any], conn: Any) -> None:
    try:
        conn.send(("ok", function()))
    except Exception as error:  # handed to the parent, which raises it there
        conn.send(("error", error))
    finally:
        conn.close()


def call_in_fork(function: Callable[[], T], timeout: float) -> T:
    """``function()`` evaluated in a forked child; its result, or its exception raised here.

    Raises :class:`TimeoutError` when it runs past ``timeout`` seconds (the child
    is killed) and :class:`ChildProcessError` when the child dies without an answer.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(function, sender), daemon=True)
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
