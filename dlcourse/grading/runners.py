"""How nbgrader commands are run: one contract, two ways.

A runner takes nbgrader's arguments (a :class:`~dlcourse.grading.course.Course`
points them at its folders), runs ``nbgrader ARGUMENTS`` with
``autograder/`` as its working directory and ``env`` added to the
environment, and returns nbgrader's log.  It raises NbgraderFailed when
nbgrader exits with an error, and subprocess.TimeoutExpired when it runs
past ``timeout`` seconds (it is killed; a sandboxed kernel dies with it).

- :class:`FreshProcessRunner` starts ``python -m nbgrader`` for each
  command: simple, and about two seconds of start-up (Jupyter's whole
  stack is imported) before any work.
- :class:`ForkServerRunner` keeps a server process that has done those
  imports once, and runs each command in a fresh fork of it: every command
  still gets a process of its own (its own configuration, gradebook
  connection and kernels, and nothing left over from the student graded
  before), exactly as ``python -m nbgrader`` would run it.  Grading a
  class keeps one per worker.  The server side is :mod:`.server`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import typing as t

from ..layout import AUTOGRADER
from ..notebooks import kernel_environment


SERVER = f"{__package__}.server"   # the module ForkServerRunner runs as its server


class NbgraderFailed(RuntimeError):
    """An nbgrader command exited with an error; the message holds its log."""


def failed(arguments: t.Sequence[str], returncode: int, log: str) -> NbgraderFailed:
    return NbgraderFailed(f"nbgrader {arguments[0]} exited {returncode}:\n{log}")


class Runner(t.Protocol):
    """Runs ``nbgrader ARGUMENTS`` in autograder/ with ``env`` added; see the module's docstring."""

    def run(self, arguments: t.Sequence[str], env: t.Mapping[str, str], timeout: float | None) -> str: ...

    def close(self) -> None: ...


class FreshProcessRunner:
    """A new ``python -m nbgrader`` process for every command, with the
    command's ``env`` added to the environment."""

    def run(self, arguments: t.Sequence[str], env: t.Mapping[str, str], timeout: float | None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "nbgrader", *arguments], cwd=AUTOGRADER, capture_output=True, text=True,
            env=kernel_environment(**env), timeout=timeout,
        )
        log = result.stdout + result.stderr
        if result.returncode != 0:
            raise failed(arguments, result.returncode, log)
        return log

    def close(self) -> None:
        pass


class ForkServerRunner:
    """nbgrader commands run by a server process started on first use with
    ``env`` added to its environment (for example the worker number that
    picks the sandbox's user id); each command's own ``env`` is added in
    its fork."""

    def __init__(self, env: dict[str, str] | None = None):
        self.env = env or {}
        self.server: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        if self.server is None or self.server.poll() is not None:
            self.server = subprocess.Popen(
                [sys.executable, "-m", SERVER], cwd=AUTOGRADER, env=kernel_environment(**self.env),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        return self.server

    def run(self, arguments: t.Sequence[str], env: t.Mapping[str, str], timeout: float | None) -> str:
        server = self._start()
        assert server.stdin is not None and server.stdout is not None
        try:
            server.stdin.write(json.dumps({"args": list(arguments), "env": dict(env), "timeout": timeout}) + "\n")
            server.stdin.flush()
            reply = server.stdout.readline()
        except BrokenPipeError:
            reply = ""
        if not reply:
            # The server itself died (it runs no student code): say so and start afresh next time.
            self.close()
            raise NbgraderFailed(f"nbgrader {arguments[0]}: the grading worker stopped unexpectedly; grade it again")
        result = json.loads(reply)
        if result["timed_out"]:
            raise subprocess.TimeoutExpired(["nbgrader", *arguments], t.cast(float, timeout), output=result["log"])
        if result["returncode"] != 0:
            raise failed(arguments, result["returncode"], result["log"])
        return result["log"]

    def close(self) -> None:
        if self.server is not None:
            if self.server.stdin:
                self.server.stdin.close()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            if self.server.stdout:
                self.server.stdout.close()
            self.server = None

    def __enter__(self) -> "ForkServerRunner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
