"""`make seed-spread` measures a graded model's score over seeds, next to its bar."""

import nbformat
import pytest

from dlcourse.qa import spread
from dlcourse.thresholds import bars_of, targets_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def assignment_scoring_its_seed(path):
    """A notebook whose 'trained model' scores SEED / 10, with a bar of 0.15."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["dlcourse"] = {"bars": {"score": {"bar": 0.15, "better": "higher"}}}
    notebook.cells = [
        nbformat.v4.new_code_cell('import os\nSEED = int(os.environ.get("DLCOURSE_SEED", "42"))'),
        nbformat.v4.new_code_cell("score = SEED / 10"),
        nbformat.v4.new_code_cell("assert score >= 0.15, f'score {score} is under the bar'",
                                  metadata={"nbgrader": {"grade": True, "grade_id": "ex1_test"}}),
    ]
    nbformat.write(notebook, path)
    return path


def test_each_seed_reaches_the_notebook_and_a_miss_is_reported(tmp_path):
    path = assignment_scoring_its_seed(tmp_path / "toy-assignment.ipynb")
    [bar] = bars_of(nbformat.read(path, as_version=4))
    low, failed_low = spread.measure(path, 1, ["score"], tmp_path)
    high, failed_high = spread.measure(path, 3, ["score"], tmp_path)
    assert (low, high) == ({"score": 0.1}, {"score": 0.3})
    assert (failed_low, failed_high) == (["ex1_test"], [])
    assert bar.margin([0.1, 0.3]) == pytest.approx(-0.05)
    assert not bar.met_by(0.1) and bar.met_by(0.3)


def test_a_bar_must_say_which_way_is_better():
    notebook = nbformat.v4.new_notebook(metadata={"dlcourse": {"bars": {"mae": {"bar": 50}}}})
    with pytest.raises(ValueError, match="'higher' or 'lower'"):
        bars_of(notebook)


def test_a_bar_and_a_target_are_read_by_the_same_parser():
    """Bars (assignments) and targets (lessons) are one kind of threshold: the
    same directions, margins and descriptions."""
    notebook = nbformat.v4.new_notebook(metadata={"dlcourse": {
        "bars": {"mae": {"bar": 50, "better": "lower"}},
        "targets": [{"metric": "mae", "better": "lower", "target": 50}]}})
    [bar], [target] = bars_of(notebook), targets_of(notebook)
    assert bar == target
    assert bar.margin([45.0, 48.0]) == pytest.approx(2.0) and bar.describe() == "<= 50"
    with pytest.raises(ValueError, match="'higher' or 'lower'"):
        bars_of(nbformat.v4.new_notebook(metadata={"dlcourse": {"bars": {"mae": {"bar": 50, "better": "equal"}}}}))
