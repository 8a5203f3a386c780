"""autograder/nbgrader_config.py as nbgrader loads it.

nbgrader logs and then ignores a configuration file that raises, and would
grade with its defaults: without the sandbox, the hidden-test filter of the
feedback or the TensorFlow log filter.  Load the file the way nbgrader does
and check that each setting the course depends on is in place."""

from traitlets.config.loader import PyFileConfigLoader

from dlcourse.layout import AUTOGRADER, ROOT
from nbgrader.preprocessors import SaveAutoGrades

from dlcourse.trust.plugins import FlagTampering, GuardedExecute, SafeFeedback, SandboxedExecute


def loaded(monkeypatch, sandbox="on"):
    monkeypatch.setenv("DLCOURSE_SANDBOX", sandbox)
    return PyFileConfigLoader("nbgrader_config.py", path=str(AUTOGRADER)).load_config()


def test_the_config_loads_and_sets_what_grading_relies_on(monkeypatch):
    config = loaded(monkeypatch)
    steps = config.Autograde.autograde_preprocessors
    assert SandboxedExecute in steps
    assert steps.index(FlagTampering) == steps.index(SaveAutoGrades) + 1, "the review needs the saved scores"
    assert SafeFeedback in config.GenerateFeedback.preprocessors
    assert config.ExportApp.plugin_class == "dlcourse.trust.plugins.ExerciseScoresExporter"
    assert config.IgnorePattern.enabled is True
    assert config.Execute.timeout == 180
    assert config.Execute.shutdown_kernel == "immediate"
    assert config.AssignLatePenalties.plugin_class == "dlcourse.trust.plugins.LatePenaltyPerDay"
    assert config.LatePenaltyPerDay.percent_per_day == 0, "late work is flagged, not penalised, unless set"
    assert config.CourseDirectory.notebook_id == "*-assignment"


def test_the_sandbox_can_be_switched_off_for_trusted_code_only(monkeypatch):
    """Without the sandbox, the witness and the review still run."""
    steps = loaded(monkeypatch, sandbox="off").Autograde.autograde_preprocessors
    assert GuardedExecute in steps and SandboxedExecute not in steps
    assert FlagTampering in steps



def test_the_learners_validate_gives_each_cell_at_least_the_graders_time(monkeypatch):
    """A correct notebook must not fail Validate on a cell the grader lets
    run to its end: the learner's limit (`make lab`'s nbgrader_config.py)
    is at least the grader's, which every assignment's solution meets in
    tests/test_grading.py."""
    learner = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT / ".jupyter" / "student-lab")).load_config()
    assert learner.Execute.timeout >= loaded(monkeypatch).Execute.timeout
