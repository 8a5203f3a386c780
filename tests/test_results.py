"""The results harness (`make results`): it runs lessons, judges the figures
they record against the targets they declare, keeps going past a lesson
that fails, and the table committed in results/ covers every target."""

import json

import nbformat
import pytest

from helpers import LESSONS
from dlcourse import layout, notebooks
from dlcourse.qa import results
from dlcourse.thresholds import Threshold, targets_of


def test_targets_judge_a_value_by_their_direction():
    figures = {"baseline": 0.5}
    assert Threshold("a", "higher", 0.9).met_by(0.9, figures)
    assert not Threshold("a", "higher", 0.9).met_by(0.8999, figures)
    assert Threshold("a", "lower", 0.26).met_by(0.25, figures)
    assert not Threshold("a", "lower", 0.26).met_by(0.27, figures)
    assert Threshold("a", "equal", 0.006065, tolerance=1e-6).met_by(0.0060653, figures)
    assert not Threshold("a", "equal", 1875).met_by(1874, figures)
    # a target may name another figure of the same lesson
    assert Threshold("a", "lower", "baseline").met_by(0.4, figures)
    assert not Threshold("a", "lower", "baseline").met_by(0.6, figures)
    assert Threshold("a", "lower", "baseline").describe(figures) == "<= baseline (0.5)"
    with pytest.raises(KeyError, match="does not record"):
        Threshold("a", "lower", "missing").met_by(0.4, figures)


def test_a_target_without_a_direction_is_refused():
    lesson = nbformat.v4.new_notebook(metadata={"dlcourse": {"targets": [
        {"metric": "test_accuracy", "better": "more", "target": 0.9}]}})
    with pytest.raises(ValueError, match="'better' must be 'higher', 'lower' or 'equal'"):
        targets_of(lesson)


def fake_lesson(body, targets):
    """A lesson without TensorFlow: a parameters cell, then ``body``, which
    ends by displaying its results."""
    cells = [nbformat.v4.new_code_cell('import os\nMODE = os.environ.get("DLCOURSE_MODE", "full")',
                                       metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell(body, metadata={"tags": ["results"]})]
    lesson = nbformat.v4.new_notebook(cells=cells, metadata={"dlcourse": {"targets": targets}})
    lesson.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return lesson


@pytest.fixture
def two_lessons(tmp_path, monkeypatch):
    """A course of two lessons: 97 reaches one target and misses another,
    98 fails half-way."""
    solutions = tmp_path / "solutions"
    reached = fake_lesson(
        "from IPython.display import JSON\nJSON({'mode': MODE, 'accuracy': 0.93, 'loss': 0.5, 'baseline': 0.4})",
        [{"metric": "accuracy", "better": "higher", "target": 0.9, "reference": 0.91, "source": "a book, nb.ipynb"},
         {"metric": "loss", "better": "lower", "target": "baseline"}])
    broken = fake_lesson("raise RuntimeError('the data set is missing')",
                         [{"metric": "accuracy", "better": "higher", "target": 0.9}])
    for name, lesson in [("97-reached", reached), ("98-broken", broken)]:
        (solutions / name).mkdir(parents=True)
        nbformat.write(lesson, solutions / name / f"{name}-lesson.ipynb")
    monkeypatch.setattr(layout, "SOLUTIONS", solutions)
    return tmp_path / "table"


@pytest.mark.slow
def test_the_harness_tabulates_every_target_and_goes_past_a_failing_lesson(two_lessons, capsys):
    out = two_lessons
    status = results.main(["--mode", "smoke", "--out", str(out)])

    assert status == 1, "a lesson that fails must fail the run"
    table = json.loads((out / "results.json").read_text())
    rows = {(r["chapter"], r["metric"]): r for r in table["rows"]}
    assert rows[("97-reached", "accuracy")] | {"seconds": None} == {
        "chapter": "97-reached", "metric": "accuracy", "value": 0.93, "target": ">= 0.9", "reference": 0.91,
        "source": "a book, nb.ipynb", "verdict": "pass", "seconds": None}
    assert rows[("97-reached", "loss")]["verdict"] == "fail"
    assert rows[("97-reached", "loss")]["target"] == "<= baseline (0.4)"
    assert rows[("98-broken", "accuracy")]["verdict"] == "error"
    assert "the data set is missing" in table["runs"]["98-broken"]["error"]
    assert table["runs"]["97-reached"]["device"]["name"].startswith(("CPU: ", "GPU: "))

    # executed notebooks are kept beside the table, the failed one too
    assert (out / "executed" / "97-reached" / "97-reached-lesson.ipynb").exists()
    assert (out / "executed" / "98-broken" / "98-broken-lesson.ipynb").exists()

    markdown = (out / "results.md").read_text()
    assert "| Chapter | Metric | Value | Target | Reference | Source | Verdict | Lesson seconds |" in markdown
    assert "| 97-reached | `accuracy` | 0.93 | >= 0.9 | 0.91 | a book, nb.ipynb | pass |" in markdown
    assert "Device: CPU: " in markdown or "Device: GPU: " in markdown
    assert "stopped: " in markdown and "the data set is missing" in markdown
    assert "1 pass, 1 fail, 1 error" in capsys.readouterr().out
    # every number the results cell recorded travels with the run, for the prose checks
    assert table["runs"]["97-reached"]["figures"] == {"accuracy": 0.93, "loss": 0.5, "baseline": 0.4}
    assert table["runs"]["98-broken"]["figures"] == {}


@pytest.mark.slow
def test_a_path_this_machine_could_not_take_is_not_run_rather_than_an_error(tmp_path, monkeypatch, capsys):
    """A figure that needs a download (ImageNet weights) names the figure
    that says whether its path ran: offline, its row reads "not run" and
    the run still succeeds; online, the figure is judged as any other."""
    solutions = tmp_path / "solutions"
    targets = [{"metric": "offline_accuracy", "better": "higher", "target": 0.5},
               {"metric": "online_accuracy", "better": "higher", "target": 0.9, "only_if": "online_path_ran"}]
    for name, figures in [("97-offline", "{'offline_accuracy': 0.7, 'online_path_ran': 0}"),
                          ("98-online", "{'offline_accuracy': 0.7, 'online_path_ran': 1, 'online_accuracy': 0.8}")]:
        (solutions / name).mkdir(parents=True)
        lesson = fake_lesson(f"from IPython.display import JSON\nJSON({figures})", targets)
        nbformat.write(lesson, solutions / name / f"{name}-lesson.ipynb")
    monkeypatch.setattr(layout, "SOLUTIONS", solutions)
    out = tmp_path / "table"

    assert results.main(["97", "--mode", "full", "--out", str(out)]) == 0
    rows = {r["metric"]: r for r in json.loads((out / "results.json").read_text())["rows"]}
    assert rows["online_accuracy"]["verdict"] == "not run" and rows["online_accuracy"]["value"] is None
    assert rows["offline_accuracy"]["verdict"] == "pass"
    assert "1 not run (a path this machine could not take)" in (out / "results.md").read_text()

    assert results.main(["98", "--mode", "full", "--out", str(out)]) == 1, "online, a miss is a miss"
    rows = {(r["chapter"], r["metric"]): r for r in json.loads((out / "results.json").read_text())["rows"]}
    assert rows[("98-online", "online_accuracy")]["verdict"] == "fail"


@pytest.mark.slow
def test_one_chapter_again_keeps_the_other_rows(two_lessons):
    out = two_lessons
    results.main(["--mode", "smoke", "--out", str(out)])
    first = json.loads((out / "results.json").read_text())

    results.main(["97", "--mode", "smoke", "--out", str(out)])
    again = json.loads((out / "results.json").read_text())
    assert [r["chapter"] for r in again["rows"]] == [r["chapter"] for r in first["rows"]]
    assert again["runs"]["98-broken"] == first["runs"]["98-broken"]

    # the table can be rebuilt from the executed notebooks without running anything
    (out / "results.md").unlink()
    assert results.main(["--mode", "smoke", "--out", str(out), "--tabulate-only"]) == 1
    assert (out / "results.md").exists()


def declared(path):
    return targets_of(notebooks.read(path))


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_lesson_declares_targets(path):
    assert declared(path), f"{path.name} declares no targets in its metadata (dlcourse.targets)"


def test_the_committed_table_covers_every_target_in_full_mode():
    """results/results.md is what a maintainer reads: it must come from a
    full run of the lessons as they declare their targets now."""
    table = json.loads((results.RESULTS / results.TABLE_JSON).read_text())
    in_table = {(r["chapter"], r["metric"]) for r in table["rows"]}
    stale = [(p.parent.name, t.figure) for p in LESSONS for t in declared(p)
             if (p.parent.name, t.figure) not in in_table]
    assert not stale, f"results/ has no row for {stale}: run `make results` (CHAPTER=NN for one) and commit it"
    assert {run["mode"] for run in table["runs"].values()} == {"full"}, "the committed table must be a full run"
    assert set(table["runs"]) == {p.parent.name for p in LESSONS}
    markdown = (results.RESULTS / results.TABLE_MARKDOWN).read_text()
    assert markdown == results.markdown(table), "results.md differs from results.json: run make results"
