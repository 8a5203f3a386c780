"""Questions asked of a notebook's cells through their nbgrader metadata.

nbgrader's create-assignment tool marks a cell in ``metadata.nbgrader``:
its ``grade_id``, whether it is an answer (``solution``), graded
(``grade``, with ``points``) or ``locked``.  The course names grade ids
after their exercise (``ex3_gradient_test`` belongs to ``ex3``) and marks
the instructor's answer between SOLUTION_MARKERS.  Every module that asks
about cells asks here.
"""

from __future__ import annotations

import re

from nbformat import NotebookNode

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
EXERCISE_ID = re.compile(r"^(ex\d+)_")


def nbgrader_metadata(cell: NotebookNode) -> dict:
    """The cell's nbgrader metadata; empty for a cell nbgrader does not know."""
    return cell.get("metadata", {}).get("nbgrader", {})


def nbgrader_cells(notebook: NotebookNode) -> dict[str, NotebookNode]:
    """Cells with nbgrader metadata, by grade id, in notebook order."""
    return {nbgrader_metadata(c)["grade_id"]: c for c in notebook.cells if "grade_id" in nbgrader_metadata(c)}


def solution_cells(notebook: NotebookNode) -> dict[str, NotebookNode]:
    """Answer cells (code, or markdown for written answers), by grade id."""
    return {grade_id: cell for grade_id, cell in nbgrader_cells(notebook).items()
            if nbgrader_metadata(cell).get("solution")}


def locked_cells(notebook: NotebookNode) -> dict[str, tuple]:
    """Source and points of the cells learners may not change, by grade id."""
    return {grade_id: (cell.source, nbgrader_metadata(cell).get("points"))
            for grade_id, cell in nbgrader_cells(notebook).items() if nbgrader_metadata(cell).get("locked")}


def is_graded(cell: NotebookNode) -> bool:
    """A cell that earns points: a test cell, or a written answer a person grades."""
    return bool(nbgrader_metadata(cell).get("grade"))


def is_instructor_cell(cell: NotebookNode) -> bool:
    """A cell whose source nbgrader restored from the gradebook (given code,
    tests): locked, with a grade id the gradebook knows (nbgrader's
    OverwriteCells drops unknown ids and resets the locked flag)."""
    meta = nbgrader_metadata(cell)
    return bool(meta.get("locked")) and "grade_id" in meta


def is_test_cell(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and is_instructor_cell(cell) and is_graded(cell)


def cell_label(cell: NotebookNode, index: int) -> str:
    """The cell's grade id, else its place in the notebook (``index`` counts from 0)."""
    return nbgrader_metadata(cell).get("grade_id") or f"cell {index + 1}"


def exercise_of(grade_id: str) -> str:
    """Grade ids start with their exercise: ``ex3_gradient_test`` -> ``ex3``."""
    match = EXERCISE_ID.match(grade_id)
    if not match:
        raise ValueError(f"grade id {grade_id!r} does not start with exN_ (see docs/authors.md, Writing a chapter)")
    return match.group(1)


def without_markers(source: str) -> str:
    """The instructor's answer as a learner would type it: no marker lines."""
    return "\n".join(
        line for line in source.splitlines() if line.strip() not in SOLUTION_MARKERS
    )
