"""nbval re-executes each lesson (smoke mode) and compares the outputs of the
cells tagged ``nbval-check-output`` with the outputs stored in solutions/.

nbval runs a lesson up to its last checked cell: nothing after it can change
a checked output, and test_notebooks_run.py already runs every cell."""

import os
import subprocess
import sys

import nbformat
import pytest

from helpers import LESSONS, ids
from dlcourse import notebooks
from dlcourse.layout import BUILD, SOLUTIONS

pytestmark = pytest.mark.notebooks

CHECK_TAG = "nbval-check-output"


def numbered(notebook):
    """nbval ignores a stored output whose cell has no execution count
    ("unrun reference cell"), and the sources are stored without counts
    (nbstripout), so the copy nbval reads gets them back."""
    count = 0
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.get("outputs"):
            count += 1
            cell.execution_count = count
    return notebook


def through_last_checked(notebook):
    """The notebook up to and including its last cell tagged CHECK_TAG."""
    last = max(i for i, cell in enumerate(notebook.cells) if CHECK_TAG in cell.metadata.get("tags", []))
    notebook.cells = notebook.cells[: last + 1]
    return notebook


def run_nbval(notebook_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider",
         "-q", "--rootdir", str(notebook_path.parent), str(notebook_path)],
        capture_output=True, text=True, cwd=notebook_path.parent,
        env={**os.environ, "DLCOURSE_MODE": "smoke"},
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_deterministic_outputs_still_match(path):
    checked = notebooks.cells_tagged(notebooks.read(path), CHECK_TAG)
    assert any(c.get("outputs") for c in checked), (
        f"{path.name} has no stored outputs in cells tagged {CHECK_TAG!r}: nbval would check nothing")

    copy = BUILD / "nbval" / path.relative_to(SOLUTIONS)
    copy.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(numbered(through_last_checked(notebooks.read(path))), copy)
    returncode, log = run_nbval(copy)
    assert returncode == 0, f"nbval found differences in {path.name}:\n{log[-5000:]}"


def test_nbval_catches_a_changed_output(tmp_path):
    """The check above can fail: a stored output that no longer matches."""
    cell = nbformat.v4.new_code_cell("print(6 * 7)", metadata={"tags": [CHECK_TAG]}, execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="41\n")]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "stale.ipynb"
    nbformat.write(notebook, path)

    returncode, log = run_nbval(path)

    assert returncode != 0
    assert "41" in log and "42" in log
