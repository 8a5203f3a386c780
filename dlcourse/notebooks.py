"""Reading and executing the course's notebooks."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import nbformat

MODES = ("full", "smoke")
RESULTS_TAG = "results"
RESULTS_MIMETYPE = "application/json"

# TensorFlow's C++ runtime logs to stderr, and nbgrader gives no points to a
# test cell that writes to stderr.  The course's one setting for it: every
# kernel the course starts gets it (kernel_environment, the Makefile,
# autograder/nbgrader_config.py and the course kernel all read it here), and
# a value already in the environment wins.
QUIET_TENSORFLOW = {"TF_CPP_MIN_LOG_LEVEL": "3"}


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def cells_tagged(notebook: nbformat.NotebookNode, tag: str) -> list:
    return [c for c in notebook.cells if tag in c.get("metadata", {}).get("tags", [])]


def kernel_environment(**overrides: str) -> dict[str, str]:
    """The environment for kernels this package starts: this process's
    (with QUIET_TENSORFLOW where it sets no value of its own), with
    ``overrides``, this interpreter's bin first on PATH (nbgrader runs
    `alembic` by name), and without pytest's marker variable: ipykernel
    stops forwarding what C code writes to stderr when it sees it, and the
    tests must see the kernels learners and instructors get."""
    environment = {**QUIET_TENSORFLOW, **{k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}}
    environment["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), environment.get("PATH", "")])
    environment.update(overrides)
    return environment


@contextlib.contextmanager
def environment_of_this_process(environment: dict[str, str]):
    """Make ``environment`` this process's while the block runs (papermill
    starts kernels with it), then restore the previous one."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environment)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def execute(notebook: Path, output: Path, mode: str = "smoke", timeout: int = 600) -> nbformat.NotebookNode:
    """Run ``notebook`` top to bottom with papermill in ``mode``; keep the
    executed copy at ``output``.  Raises papermill's PapermillExecutionError,
    which names the failing cell, when a cell fails."""
    import papermill

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    output.parent.mkdir(parents=True, exist_ok=True)
    # DLCOURSE_MODE too, so that code reading it later sees the same mode
    with environment_of_this_process(kernel_environment(DLCOURSE_MODE=mode)):
        papermill.execute_notebook(
            str(notebook), str(output),
            parameters={"MODE": mode},  # injected after the cell tagged "parameters"
            cwd=str(output.parent),  # files the notebook writes stay in build/
            kernel_name="python3",
            progress_bar=False,
            execution_timeout=timeout,
        )
    return read(output)


def execute_in_place(notebook: nbformat.NotebookNode, workdir: Path, **environment: str) -> nbformat.NotebookNode:
    """Run ``notebook`` top to bottom with nbclient in ``workdir``, errors
    kept in their cells' outputs, with ``environment`` added to the
    kernel's; each cell's metadata records when it started and finished."""
    from nbclient import NotebookClient

    client = NotebookClient(notebook, kernel_name="python3", allow_errors=True, timeout=600,
                            record_timing=True, resources={"metadata": {"path": str(workdir)}})
    with environment_of_this_process(kernel_environment(**environment)):
        client.execute()
    return notebook


def has_error(cell: nbformat.NotebookNode) -> bool:
    return any(output.get("output_type") == "error" for output in cell.get("outputs", []))


def headline_results(executed: nbformat.NotebookNode) -> dict:
    """The headline numbers a lesson displays in its cell tagged ``results``."""
    cells = cells_tagged(executed, RESULTS_TAG)
    if len(cells) != 1:
        raise LookupError(f"expected one cell tagged {RESULTS_TAG!r}, found {len(cells)}")
    for output in cells[0].get("outputs", []):
        data = output.get("data", {})
        if RESULTS_MIMETYPE in data:
            value = data[RESULTS_MIMETYPE]
            return json.loads(value) if isinstance(value, str) else dict(value)
    raise LookupError(f"the cell tagged {RESULTS_TAG!r} displayed no {RESULTS_MIMETYPE} output")
