"""The time-budget script reads pytest's own figures out of make test's log."""

import pytest

from dlcourse.qa.budget import SUMMARY_LINE, durations_in, per_file

LOG = """\
============================= slowest durations ==============================
96.60s setup    tests/test_grading.py::test_the_solution_scores_full_marks[08-transfer-learning]@grading-08
30.80s call     tests/test_notebooks_run.py::test_runs_in_smoke_mode[05-lesson.ipynb]@05-lesson.ipynb
3.40s call     tests/test_grading.py::test_the_blank_release_scores_zero[08-transfer-learning]@grading-08
1.20s teardown tests/test_lab.py::test_lab_serves_the_chapters@chapters-folder
================== 435 passed, 4 skipped in 644.65s (0:10:44) ==================
make: *** [Makefile:137: test] Error 1
"""


def test_durations_are_added_up_per_test_file():
    durations = durations_in(LOG)
    assert len(durations) == 4
    assert per_file(durations) == pytest.approx({"tests/test_grading.py": 100.0,
                                                "tests/test_notebooks_run.py": 30.8, "tests/test_lab.py": 1.2})
    assert list(per_file(durations)) == ["tests/test_grading.py", "tests/test_notebooks_run.py", "tests/test_lab.py"]


def test_the_summary_is_pytests_closing_line_not_makes():
    found = [line for line in LOG.splitlines() if SUMMARY_LINE.match(line)]
    assert found == ["================== 435 passed, 4 skipped in 644.65s (0:10:44) =================="]
