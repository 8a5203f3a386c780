"""The "try it on a sample class" walkthrough of docs/instructors.md, run
line by line as an instructor would type it, in a scratch course folder:
the make targets, nbgrader and the sandbox for real, from the sample class
to grades.csv and the feedback pages."""

import csv
import re
import shlex
import subprocess

import pytest

from dlcourse.layout import ROOT

pytestmark = [pytest.mark.xdist_group("walkthrough"), pytest.mark.grading]  # one walk through, shared by the tests

GUIDE = ROOT / "docs" / "instructors.md"
MARKER = "<!-- walkthrough: tests/test_walkthrough.py runs this block as written -->"


def walkthrough_lines():
    guide = GUIDE.read_text()
    assert MARKER in guide, f"{GUIDE.relative_to(ROOT)} lost its walkthrough block"
    block = re.search(r"```bash\n(.*?)```", guide[guide.index(MARKER):], re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("walkthrough")
    course, inbox = scratch / "course", scratch / "sample-class"
    transcript = []
    for line in walkthrough_lines():
        assert line.startswith("make "), f"the walkthrough should only run make targets: {line}"
        # Same command, but in a scratch course and sample folder, so the real autograder/ is untouched
        line = line.replace("build/sample-class", str(inbox)) + f" COURSE={shlex.quote(str(course))}"
        result = subprocess.run(["bash", "-c", line], cwd=ROOT, capture_output=True, text=True, timeout=1200)
        transcript.append((line, result.returncode, result.stdout + result.stderr))
        assert result.returncode == 0, f"{line}\nexited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return course, inbox, transcript


def test_every_line_runs(walked):
    _, inbox, transcript = walked
    assert [line.split()[1] for line, _, _ in transcript] == [
        "sample-class", "due", "collect", "autograde", "feedback", "grades"]
    assert sorted(p.name for p in inbox.iterdir()) == [
        "sample001-solved", "sample002-blank", "sample003-partly", "sample004-damaged"]


def test_autograde_reports_each_submission_as_the_guide_says(walked):
    _, _, transcript = walked
    autograde = next(out for line, _, out in transcript if line.startswith("make autograde"))
    assert re.search(r"sample004-damaged.*not graded", autograde), autograde
    for student in ("sample001-solved", "sample002-blank", "sample003-partly"):
        assert re.search(rf"{student}.*\bgraded\b", autograde) and not re.search(
            rf"{student}.*not graded", autograde), autograde


def test_grades_csv_ranks_the_sample_class(walked):
    course, _, _ = walked
    with open(course / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    solved, blank, partly = (rows[s] for s in ("sample001-solved", "sample002-blank", "sample003-partly"))
    assert float(solved["score"]) == float(solved["max_score"]) > 0
    assert float(blank["score"]) == 0
    assert 0 < float(partly["score"]) < float(solved["score"])
    assert [c for c in solved if re.fullmatch(r"ex\d+", c)], "one column per exercise"
    assert rows["sample004-damaged"]["status"] == "not graded"
    assert solved["duedate"].startswith("2026-12-01")


def test_feedback_pages_are_written_for_the_graded_submissions(walked):
    course, _, _ = walked
    pages = sorted(p.parts[-3] for p in (course / "feedback").glob("*/*/*.html"))
    assert pages == ["sample001-solved", "sample002-blank", "sample003-partly"]


def test_the_sample_class_is_never_written_over(walked, tmp_path):
    _, inbox, _ = walked
    result = subprocess.run(["make", "sample-class", "CHAPTER=01", f"TO={inbox}", f"COURSE={tmp_path}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0 and "is not empty" in result.stdout + result.stderr
