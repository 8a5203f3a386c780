"""Every notebook in solutions/ runs top to bottom in smoke mode (papermill).

Executed copies are kept in build/executed/ for a maintainer to open."""

import pytest

from conftest import LESSONS, NOTEBOOKS, ids
from dlcourse import notebooks
from dlcourse.layout import BUILD, SOLUTIONS

pytestmark = pytest.mark.notebooks


def executed_copy(path):
    return BUILD / "executed" / path.relative_to(SOLUTIONS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_runs_in_smoke_mode(path):
    executed = notebooks.execute(path, executed_copy(path), mode="smoke")
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{path.name} has error outputs; see {executed_copy(path)}"
    injected = notebooks.cells_tagged(executed, "injected-parameters")
    assert injected, "papermill found no cell tagged 'parameters' to inject after"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_records_its_headline_results(path):
    copy = executed_copy(path)
    if not copy.exists():
        pytest.skip("the lesson did not run; see test_runs_in_smoke_mode")
    results = notebooks.headline_results(notebooks.read(copy))
    assert results, "the results cell displays an empty dict"
    for name, value in results.items():
        assert isinstance(value, (int, float, str)), f"{name} = {value!r} is not a plain value"
