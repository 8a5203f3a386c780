"""Every notebook in solutions/ runs top to bottom in smoke mode (papermill).

Executed copies are kept in build/executed/ for a maintainer to open."""

import pytest

from helpers import LESSONS, NOTEBOOKS
from dlcourse import notebooks
from dlcourse.layout import BUILD, SOLUTIONS
from dlcourse.thresholds import targets_of

pytestmark = pytest.mark.notebooks


def by_notebook(paths):
    """One parameter per notebook, each in an xdist group of its own: the
    tests that read a notebook's executed copy run on the worker that made it."""
    return [pytest.param(p, id=p.name, marks=pytest.mark.xdist_group(p.name)) for p in paths]


def executed_copy(path):
    return BUILD / "executed" / path.relative_to(SOLUTIONS)


@pytest.mark.parametrize("path", by_notebook(NOTEBOOKS))
def test_runs_in_smoke_mode(path):
    executed = notebooks.execute(path, executed_copy(path), mode="smoke")
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{path.name} has error outputs; see {executed_copy(path)}"
    injected = notebooks.cells_tagged(executed, "injected-parameters")
    assert injected, "papermill found no cell tagged 'parameters' to inject after"


@pytest.mark.parametrize("path", by_notebook(LESSONS))
def test_lesson_records_its_headline_results(path):
    results = notebooks.headline_results(executed_lesson(path))
    assert results, "the results cell displays an empty dict"
    for name, value in results.items():
        is_number_list = isinstance(value, list) and all(isinstance(v, (int, float)) for v in value)
        assert isinstance(value, (int, float, str)) or is_number_list, (
            f"{name} = {value!r} is neither a number, a string nor a list of numbers")


def executed_lesson(path):
    copy = executed_copy(path)
    if not copy.exists():
        pytest.skip("the lesson did not run; see test_runs_in_smoke_mode")
    return notebooks.read(copy)


def images_shown_by(cell):
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


@pytest.mark.parametrize("path", by_notebook(LESSONS))
def test_lesson_shows_pictures(path):
    executed = executed_lesson(path)
    assert any(images_shown_by(c) for c in executed.cells), f"{path.name} displays no figure"


@pytest.mark.parametrize("path", by_notebook(LESSONS))
def test_model_diagrams_render(path):
    """plot_model needs pydot and Graphviz's `dot`; a lesson may fall back to
    a message where they are missing, but the course's own setup installs
    both, so here every diagram must be drawn."""
    drawing = [c for c in executed_lesson(path).cells if c.cell_type == "code" and "plot_model(" in c.source]
    for cell in drawing:
        assert images_shown_by(cell), f"this cell drew no diagram; is Graphviz installed?\n{cell.source[:300]}"


@pytest.mark.parametrize("path", by_notebook(LESSONS))
def test_lesson_records_every_figure_it_targets(path):
    """A target names a figure of the results cell (or, as its threshold, another one).
    A figure that depends on a path this run could not take (``only_if``) is
    recorded only when it ran, and the flag itself always is."""
    recorded = notebooks.headline_results(executed_lesson(path))
    for target in targets_of(notebooks.read(path)):
        if target.only_if:
            assert recorded.get(target.only_if) in (0, 1), (
                f"{path.name}: {target.figure!r} depends on {target.only_if!r}, which the results cell "
                "must record as 1 (the path ran) or 0 (it did not)")
            if not target.path_ran(recorded):
                continue
        assert isinstance(recorded.get(target.figure), (int, float)), (
            f"{path.name} declares a target on {target.figure!r}, which its results cell does not record")
        if isinstance(target.bound, str):
            assert isinstance(recorded.get(target.bound), (int, float)), (
                f"the target of {target.figure!r} names {target.bound!r}, which the results cell does not record")
