"""Reading what nbgrader left: its log, and the graded notebook.

- troubles_in: what went wrong inside a submission beyond failed tests
  (the sandbox's alarms, a dead kernel, errors raised by the learner's own
  cells), in the words of TROUBLE;
- changes_to_locked_cells: tests or given code the learner edited or deleted;
- nbgrader_reason and nbgrader_failure: why an nbgrader command failed,
  in nbgrader's own words (nbgrader_errors, exception_ending).
"""

from __future__ import annotations

import re

import nbformat

from ..cells import cell_label, is_graded, locked_cells
from ..trust.sandbox import MEMORY_CAP_REACHED
from .runners import NbgraderFailed

# What nbgrader's log or the graded notebook show when something went
# wrong inside a submission, and how the outcome says it.
TROUBLE = {
    # first: when the memory cap ends the kernel, the log also says the kernel died
    MEMORY_CAP_REACHED: "its processes together used more memory than a submission may (the sandbox's "
                        "memory cap); the out-of-memory killer stopped them",
    "CellTimeoutError": "a cell ran past the time limit",
    "Timeout waiting for execute reply": "a cell ran past the time limit and the kernel stopped answering",
    "DeadKernelError": "the kernel died (a crash, os._exit or the memory limit)",
    "Kernel died": "the kernel died (a crash, os._exit or the memory limit)",
    "the grader stopped recording": "a cell printed more than the grader records",
}


def changes_to_locked_cells(submitted: nbformat.NotebookNode, released: nbformat.NotebookNode) -> list[str]:
    """Locked cells (tests, given code) a learner edited or deleted; nbgrader
    grades with the originals of edited ones and gives deleted tests no points."""
    theirs, ours = locked_cells(submitted), locked_cells(released)
    return ([f"{name} was missing from the submission (no points for it)" for name in ours if name not in theirs]
            + [f"{name} was edited; graded with the original" for name in ours
               if name in theirs and theirs[name] != ours[name]])


def troubles_in(log: str, graded: nbformat.NotebookNode) -> list[str]:
    """What went wrong while the submission ran, beyond failed tests: the
    log's alarms, and errors raised by the learner's own cells."""
    found = {why for marker, why in TROUBLE.items() if marker in log}
    for index, cell in enumerate(graded.cells):
        if cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        found |= {why for marker, why in TROUBLE.items()
                  for o in outputs if marker in str(o.get("text", "")) or marker == o.get("ename")}
        if is_graded(cell):
            continue  # a failing test cell is a lost point, not an error
        name = cell_label(cell, index)
        # NotImplementedError is the release's placeholder: an unanswered exercise, not an error
        found |= {f"{name} raised {error_name(o.ename)}" for o in outputs if o.get("output_type") == "error"
                  and o.ename not in ("CellTimeoutError", "NotImplementedError")}
    return sorted(found)


def error_name(ename: str) -> str:
    """An exception's class name as the learner's code reported it: any
    text at all, so only a short identifier is repeated."""
    return ename if re.fullmatch(r"[A-Za-z_][\w.]{0,59}", ename) else "an exception with an unusual name"


def nbgrader_errors(log: str) -> list[str]:
    """The messages of the ERROR and CRITICAL lines in an nbgrader log, less
    nbgrader's closing "There was an error processing..." lines.  An error
    logged as a traceback is named by the exception that ends it."""
    errors = []
    lines = log.splitlines()
    for number, line in enumerate(lines):
        found = re.search(r"\[\w+ \| (?:ERROR|CRITICAL)\] ?(.*)", line)
        message = found[1].strip() if found else ""
        if message.startswith("Traceback (most recent call last)"):
            message = exception_ending(lines[number + 1:]) or message
        if message and not message.startswith("There was an error processing"):
            errors.append(message)
    return errors


def exception_ending(lines: list[str]) -> str | None:
    """The exception that ends a traceback nbgrader logged (indented, up to
    the next log line): the last line as shallow as the traceback's own
    headers, which is the exception raised last."""
    block = []
    for line in lines:
        if line.startswith("["):
            break
        if line.strip():
            block.append(line)
    if not block:
        return None
    shallowest = min(len(line) - len(line.lstrip()) for line in block)
    endings = [line.strip() for line in block if len(line) - len(line.lstrip()) == shallowest
               and not line.strip().startswith(("Traceback (", "The above exception", "During handling"))]
    return endings[-1] if endings else None


def nbgrader_failure(what: str, error: NbgraderFailed) -> SystemExit:
    """An exit saying that nbgrader ``what`` failed, with nbgrader's own words
    (its last error lines, else the end of its log)."""
    reasons = nbgrader_errors(str(error)) or str(error).splitlines()
    return SystemExit(f"{what}; nothing was collected:\n" + "\n".join(reasons[-5:]))


def nbgrader_reason(log: str) -> str:
    """Why a failed nbgrader run failed, in the words of TROUBLE if it can."""
    for marker, why in TROUBLE.items():
        if marker in log:
            return why
    errors = nbgrader_errors(log)
    return errors[0][:300] if errors else "nbgrader could not grade it; see the log"
