"""The server side of :class:`~dlcourse.grading.runners.ForkServerRunner`,
run as ``python -m dlcourse.grading.server`` with ``autograder/`` as its
working directory.

It imports nbgrader once, then reads one JSON request a line on stdin
(nbgrader's arguments, extra environment, time limit), runs the command
in a fork of itself, and answers with one JSON line on stdout: the exit
code, whether the time limit stopped it, and the log.  A command that
outlives its time limit is killed with its process group; its sandboxed
kernel dies with it (bubblewrap's --die-with-parent).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import traceback
import typing as t


def _run_in_child(args: list[str]) -> int:
    """nbgrader's own entry point (what ``python -m nbgrader`` calls), in the fork."""
    from nbgrader.apps.nbgraderapp import NbGraderApp

    try:
        NbGraderApp.launch_instance(argv=args)
        return 0
    except SystemExit as end:
        return end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
    except BaseException:  # noqa: BLE001 -- reported in the log, like an uncaught error would be
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _die_with_server(server: int) -> None:
    """Have Linux kill this fork when the server ends (the instructor pressed
    Ctrl-C, or killed it), so that no grading goes on unseen."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the time limit still applies
        return
    if os.getppid() != server:  # the server ended before the request took effect
        os._exit(1)


def run_forked(args: list[str], timeout: float | None, server_only: tuple[int, ...] = (),
               env: dict[str, str] | None = None) -> dict[str, t.Any]:
    """Run one nbgrader command in a fork, with ``env`` added to its
    environment; its stdout and stderr become the log.  The fork closes the
    file descriptors in ``server_only`` (the server's replies: a fork left
    running must not hold them open)."""
    with tempfile.TemporaryFile() as log:
        server = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: its own process group, so that a timeout kills all it started
            code = 1
            try:
                os.setpgid(0, 0)
                _die_with_server(server)
                for descriptor in server_only:
                    os.close(descriptor)
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.dup2(log.fileno(), 1)
                os.dup2(log.fileno(), 2)
                os.environ.update(env or {})
                code = _run_in_child(args)
            finally:
                os._exit(code)
        deadline = None if timeout is None else time.monotonic() + timeout
        timed_out = False
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if deadline is not None and time.monotonic() > deadline:
                timed_out = True
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                _, status = os.waitpid(pid, 0)
                break
            time.sleep(0.05)
        log.seek(0)
        text = log.read().decode("utf-8", errors="replace")
    return {"returncode": os.waitstatus_to_exitcode(status), "timed_out": timed_out, "log": text}


def serve() -> None:
    """Answer one JSON request per line on stdin with one JSON line on stdout."""
    # The imports every nbgrader command needs, done once before any fork.
    import nbgrader.apps  # noqa: F401
    import nbgrader.converters  # noqa: F401

    from ..trust import plugins  # noqa: F401 -- named in autograder/nbgrader_config.py

    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not garble a reply
    try:
        for line in sys.stdin:
            request = json.loads(line)
            result = run_forked(request["args"], request["timeout"], server_only=(replies.fileno(),),
                                env=request.get("env"))
            replies.write(json.dumps(result) + "\n")
    except KeyboardInterrupt:  # Ctrl-C reaches the grading command too; it reports the stop
        sys.exit(130)


if __name__ == "__main__":
    serve()
