"""TensorFlow's log lines on stderr do not cost a passing test its points.

nbgrader gives zero to a test cell that writes anything to stderr, and
TensorFlow's C++ runtime logs there (CUDA probing, CPU features).  The course
quiets it with TF_CPP_MIN_LOG_LEVEL and, in case a line escapes, strips
stderr chunks made only of TensorFlow log lines (IgnorePattern).  These tests
grade a tiny real assignment whose test cell is the first to touch
TensorFlow, with its logging turned fully on."""

import os
import re
import runpy
import subprocess
import sys

import pytest
from traitlets.config import Config

from helpers import nbgrader_cell, one_assignment_course
from dlcourse.grading.samples import solved_submission
from dlcourse.layout import AUTOGRADER, Chapter

pytestmark = pytest.mark.grading

PROBE = Chapter("00-stderr-probe")
LOUD_TENSORFLOW = {"TF_CPP_MIN_LOG_LEVEL": "0", "CUDA_VISIBLE_DEVICES": ""}
# The very pattern the course's nbgrader configuration installs.
TF_LOG_ONLY = runpy.run_path(
    str(AUTOGRADER / "nbgrader_config.py"), init_globals={"get_config": Config})["TF_LOG_ONLY"]




def grade(tmp_path, test_source, *options, env):
    course, instructor = one_assignment_course(tmp_path, PROBE, [
        nbgrader_cell("### BEGIN SOLUTION\nanswer = 3\n### END SOLUTION", "ex1_answer"),
        nbgrader_cell(test_source, "ex1_answer_test", points=1),
    ])
    course.submit("learner", PROBE, solved_submission(course.student_version(PROBE), instructor))
    course.autograde(PROBE, *options, env=env)
    test_cell = course.autograded(PROBE, "learner").cells[1]
    stderr = "".join(o.text for o in test_cell.outputs if o.get("name") == "stderr")
    return course.score(PROBE, "learner").score, stderr


# The kernel forwards what C++ code writes to file descriptor 2 from a
# background thread; the pause lets those lines arrive within this cell.
FIRST_TOUCH = """\
import time
import tensorflow as tf
assert int(tf.reduce_sum(tf.ones(answer))) == 3, "expected 3"
time.sleep(1.5)
"""


def test_tensorflow_logs_in_a_test_cell_cost_no_points(tmp_path):
    score, stderr = grade(tmp_path, FIRST_TOUCH, env=LOUD_TENSORFLOW)
    assert score == 1
    assert stderr == ""


def test_without_the_ignore_pattern_the_same_logs_would_cost_the_points(tmp_path):
    """The control: proves the test above exercises a real problem."""
    score, stderr = grade(tmp_path, FIRST_TOUCH, "--IgnorePattern.enabled=False", env=LOUD_TENSORFLOW)
    assert score == 0
    assert "cuda" in stderr.lower() or "tensorflow" in stderr.lower()


def test_other_stderr_output_still_counts(tmp_path):
    warns = 'import warnings\nwarnings.warn("student code warned")\nassert answer == 3, "expected 3"'
    score, stderr = grade(tmp_path, warns, env={})
    assert score == 0
    assert "student code warned" in stderr


def test_the_pattern_matches_what_tensorflow_really_prints():
    result = subprocess.run(
        [sys.executable, "-c", "import tensorflow as tf; tf.reduce_sum(tf.ones(3)).numpy()"],
        capture_output=True, text=True, env={**os.environ, **LOUD_TENSORFLOW},
    )
    assert result.returncode == 0
    assert result.stderr, "TensorFlow printed nothing at log level 0; nothing to check"
    assert re.search(TF_LOG_ONLY, result.stderr), f"not matched:\n{result.stderr}"
    assert not re.search(TF_LOG_ONLY, result.stderr + "UserWarning: something else\n")
