"""What a lesson's prose promises a learner: every "Your turn" has a worked
answer to reveal, and every number the prose quotes from the lesson's own
run agrees with the run behind the committed results table.

A number that comes from a run is either printed by code, or written in the
prose followed by a marker the learner never sees (Jupyter does not render
HTML comments):

    the transferred model makes 30 %<!-- figure: error_cut ± 5 --> fewer errors

The marker names a figure the lesson's results cell records, and a
tolerance in the unit of the written number (here: percentage points).
`make results` stores every recorded figure in results/results.json; this
test reads it there, so a lesson whose code changes and whose prose does
not fails here, not in a learner's hands.  The tolerance says how far the
prose may round or lag the committed run."""

import re

import pytest

from helpers import LESSONS
from dlcourse import notebooks
from dlcourse.qa.results import RESULTS, load_table

WORKED_ANSWER_TAG = "worked-answer"
YOUR_TURN = re.compile(r"^### Your turn\b", re.M)
HEADING = re.compile(r"^#{1,6} ", re.M)
FIGURE = re.compile(
    r"(?P<number>[-+−]?\d[\d,]*(?:\.\d+)?)[ \u00a0\u202f]*(?P<percent>%)?[*_`)]*[ \u00a0]*"
    r"<!--\s*figure:\s*(?P<metric>\w+)\s*±\s*(?P<tolerance>\d+(?:\.\d+)?)\s*-->")
MARKER = re.compile(r"<!--\s*figure:")


def lesson_ids(paths):
    return [pytest.param(p, id=p.parent.name) for p in paths]


def your_turn_prompts(lesson):
    """(index of the prompt cell, the cells after it up to the next heading)."""
    cells = lesson.cells
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown" and YOUR_TURN.search(cell.source):
            after = []
            for following in cells[index + 1:]:
                if following.cell_type == "markdown" and HEADING.search(following.source):
                    break
                after.append(following)
            yield index, after


def is_worked_answer(cell):
    return cell.cell_type == "code" and WORKED_ANSWER_TAG in cell.metadata.get("tags", [])


@pytest.mark.parametrize("path", lesson_ids(LESSONS))
def test_every_your_turn_has_a_worked_answer_folded_below_it(path):
    lesson = notebooks.read(path)
    prompts = list(your_turn_prompts(lesson))
    assert prompts, f"{path.name} has no '### Your turn' prompt"
    for index, after in prompts:
        answers = [c for c in after if is_worked_answer(c)]
        assert answers, (f"{path.name}, cell {index}: the 'Your turn' prompt has no code cell tagged "
                         f"{WORKED_ANSWER_TAG!r} before the next heading")
        for answer in answers:
            assert answer.metadata.get("jupyter", {}).get("source_hidden") is True, (
                f"{path.name}, cell {index}: the worked answer must be folded "
                "(metadata jupyter.source_hidden: true), so a learner tries first")
            assert answer.source.lstrip().startswith("# Worked answer"), (
                f"{path.name}, cell {index}: begin the worked answer with a '# Worked answer' comment, "
                "the line a learner sees when it is folded")
        learner_cells = [c for c in after if c.cell_type == "code" and not is_worked_answer(c)]
        assert learner_cells and after.index(learner_cells[0]) < after.index(answers[0]), (
            f"{path.name}, cell {index}: leave the learner an empty cell above the worked answer")


def committed_figures(chapter):
    table = load_table(RESULTS)
    run = table["runs"].get(chapter)
    assert run is not None, f"results/results.json has no run of {chapter}: run `make results CHAPTER={chapter[:2]}`"
    assert run["mode"] == "full", f"the committed run of {chapter} is in {run['mode']} mode, not full"
    return run.get("figures", {})


def quoted_figures(lesson):
    for index, cell in enumerate(lesson.cells):
        if cell.cell_type != "markdown":
            continue
        found = list(FIGURE.finditer(cell.source))
        assert len(found) == len(MARKER.findall(cell.source)), (
            f"cell {index}: a '<!-- figure: ... -->' marker must follow a number directly and read "
            "'<!-- figure: metric ± tolerance -->'")
        for match in found:
            yield index, match


def as_number(match):
    written = float(match["number"].replace(",", "").replace("−", "-"))
    tolerance = float(match["tolerance"])
    if match["percent"]:
        return written / 100, tolerance / 100
    return written, tolerance


@pytest.mark.parametrize("path", lesson_ids(LESSONS))
def test_numbers_the_prose_quotes_from_a_run_match_the_committed_results(path):
    lesson = notebooks.read(path)
    quoted = list(quoted_figures(lesson))
    if not quoted:
        pytest.skip("the prose quotes no figure of its own run (code prints them)")
    figures = committed_figures(path.parent.name)
    for index, match in quoted:
        metric = match["metric"]
        assert metric in figures, (
            f"{path.name}, cell {index} quotes {metric!r}, which the committed run did not record: "
            "record it in the results cell and run `make results`")
        written, tolerance = as_number(match)
        assert abs(written - figures[metric]) <= tolerance + 1e-12, (
            f"{path.name}, cell {index} says {match['number']}{match['percent'] or ''} for {metric}, "
            f"but the committed run recorded {figures[metric]:g} (tolerance {match['tolerance']}): "
            "update the prose, or print the number from code")


def test_the_figure_marker_reads_numbers_as_a_learner_does():
    sample = notebooks.read(LESSONS[0])
    sample.cells = [sample.cells[0]]
    sample.cells[0].source = ("cut by **30 %**<!-- figure: error_cut ± 5 --> and an accuracy of "
                              "0.8995<!-- figure: test_accuracy ± 0.005 --> with 535,818 "
                              "<!-- figure: params ± 0 --> weights")
    found = [(i, m["metric"], as_number(m)) for i, m in quoted_figures(sample)]
    assert [(metric, pair) for _, metric, pair in found] == [
        ("error_cut", (0.30, 0.05)), ("test_accuracy", (0.8995, 0.005)), ("params", (535818.0, 0.0))]
    sample.cells[0].source = "a marker with no number <!-- figure: error_cut ± 5 -->"
    with pytest.raises(AssertionError, match="must follow a number"):
        list(quoted_figures(sample))
