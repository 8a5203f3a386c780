"""nbgrader configuration for the course.

nbgrader reads this file when it runs with this folder as its working
directory (every `make` target and every test does that).  Paths are
relative to this folder:

    ../solutions/NN-slug/   source: lessons and instructor assignments
    ../chapters/NN-slug/    release: what students get (generated)
    submitted/ autograded/ feedback/ gradebook.db   runtime, git-ignored
"""

import os
import re

c = get_config()  # noqa: F821 -- provided by traitlets when it loads this file

from dlcourse.notebooks import QUIET_TENSORFLOW  # noqa: E402

# TensorFlow's C++ runtime logs to stderr (about CUDA, CPU instructions...),
# and nbgrader gives zero points to a test cell that writes to stderr.  Quiet
# it in every kernel nbgrader starts, also when nbgrader runs by hand:
# kernels inherit this process's environment.  A value set in the shell wins.
for name, value in QUIET_TENSORFLOW.items():
    os.environ.setdefault(name, value)

c.CourseDirectory.course_id = "deep-learning-tf-keras"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "../solutions"
c.CourseDirectory.release_directory = "../chapters"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")

# Only assignment notebooks are graded.  A chapter folder also holds its
# lesson; nbgrader must neither release it through its assignment pipeline
# (the course's release step copies it) nor execute it when a student
# submits it along with the assignment.
c.CourseDirectory.notebook_id = "*-assignment"

# Training cells may take a while; a whole assignment stays under a minute.
c.Execute.timeout = 180
# Once the last cell has run, nothing in the kernel is worth waiting for: a
# graceful shutdown only adds a second or more per submission.  The sandbox
# dies with it (bubblewrap's --die-with-parent).
c.Execute.shutdown_kernel = "immediate"

# A chunk of stderr made *only* of TensorFlow/absl log lines is removed from
# test-cell outputs before grading, in case a log line escapes the
# environment variable above (for example, a GPU machine's CUDA messages).
# Anything else on stderr -- a warning the student's code raised -- still
# counts, as nbgrader intends.
TF_LOG_LINE = "|".join([
    # absl, before logging is initialised
    r"WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR",
    # absl: I0000 00:00:1795415196.588976    3597 cudart_stub.cc:31] ...
    # (before absl's clock is set up, the seconds field is the Unix time)
    r"[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w./-]+:\d+\] .*",
    # TensorFlow's older format: 2024-05-01 10:00:00.000000: I tensorflow/...] ...
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] [\w./-]+:\d+\] .*",
    # continuation line of the CPU feature message
    r"To enable the following instructions: .*",
])
TF_LOG_ONLY = rf"\A(?:(?:{TF_LOG_LINE})\n?)+\Z"
re.compile(TF_LOG_ONLY)  # fail here, loudly, if the pattern is ever broken
c.IgnorePattern.enabled = True  # off by default in nbgrader
c.IgnorePattern.pattern = TF_LOG_ONLY

# Every submission runs in a sandbox while it is graded (dlcourse/trust/sandbox.py):
# no network, no view of solutions/, the hidden tests, the gradebook or other
# students, and caps on memory, CPU time, processes, files and output.  It
# needs bubblewrap (`make setup` installs it as root on Debian; otherwise
# autograding stops and says how to get it).  DLCOURSE_SANDBOX=off grades
# without it, for a machine where only trusted code is graded.
#
# With or without the sandbox, a witness in the kernel reports after every
# cell (dlcourse/trust/evidence.py): a test cell earns points only with evidence
# that it ran to its end undisturbed.  After nbgrader saves the scores,
# FlagTampering reads the learner's code for anything that could change how
# later cells run, marks such a submission "needs review" and holds the
# points of the tests after it for a person (the formgrader lists them).
from nbgrader.converters import Autograde  # noqa: E402
from nbgrader.preprocessors import Execute, SaveAutoGrades  # noqa: E402

from dlcourse.trust.plugins import FlagTampering, GuardedExecute, SandboxedExecute  # noqa: E402

EXECUTE = SandboxedExecute if os.environ.get("DLCOURSE_SANDBOX", "on") != "off" else GuardedExecute
autograde_steps = []
for step in Autograde.class_traits()["autograde_preprocessors"].default():
    autograde_steps.append(EXECUTE if step is Execute else step)
    if step is SaveAutoGrades:
        autograde_steps.append(FlagTampering)
c.Autograde.autograde_preprocessors = autograde_steps

# Feedback carries nothing derived from the hidden tests (dlcourse/trust/feedback.py):
# test cells show their points and the instructor's message for a failed
# check, and nothing the kernel produced after the first hidden test ran.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from dlcourse.trust.plugins import SafeFeedback  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, SafeFeedback, CSSHTMLHeaderPreprocessor]

# Late submissions: `make due` records a chapter's due date, and grades.csv
# flags late work (seconds_late).  For a penalty, set the share of the
# autograded score taken off per started day late (10: a day late keeps 90 %,
# ten days late keeps nothing); it is applied when a submission is autograded.
c.AssignLatePenalties.plugin_class = "dlcourse.trust.plugins.LatePenaltyPerDay"
c.LatePenaltyPerDay.percent_per_day = 0

# `nbgrader export` writes one column per exercise (dlcourse.grading export
# also adds each submission's grading status).
c.ExportApp.plugin_class = "dlcourse.trust.plugins.ExerciseScoresExporter"
