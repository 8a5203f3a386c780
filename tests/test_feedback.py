"""What feedback may show (dlcourse.trust.feedback), on notebooks built here: the
instructor's words for a failed check with every value left out, nothing
the kernel produced after the first hidden test, the outputs from before
it only as they were then.  (tests/test_cheating.py checks real feedback
pages of submissions that try to leak the hidden tests.)"""

import nbformat
import pytest

from helpers import nbgrader_cell
from dlcourse.cells import nbgrader_metadata
from dlcourse.trust.evidence import outputs_digest, with_marker
from dlcourse.trust.feedback import LEFT_OUT, instructor_message, message_templates, safe_notebook

TEST_SOURCE = '''assert f(2) == 4, "f(2) should be 4"
### BEGIN HIDDEN TESTS
_secret_input = 7
assert f(_secret_input) == 14, f"f(7) should be 14, got {f(_secret_input)!r}"
assert g() == 1, "g() should be %d, got %r" % (1, g())
np.testing.assert_allclose(h(), 1.0, err_msg="h() should be close to {}".format(1.0))
### END HIDDEN TESTS'''


@pytest.mark.parametrize("evalue, shown", [
    ("f(2) should be 4", "f(2) should be 4"),
    ("f(7) should be 14, got 'import base64...'", "f(7) should be 14, got …"),
    ("g() should be 1, got <the hidden source>", "g() should be …, got …"),
    ("\nNot equal to tolerance rtol=1e-07\nh() should be close to 1.0\nMismatched elements: 1 / 1",
     "h() should be close to …"),
    ("a message the learner's own code raised", None),
])
def test_only_the_instructors_words_of_a_message_are_shown(evalue, shown):
    assert instructor_message(evalue, message_templates([TEST_SOURCE])) == shown


def executed_notebook():
    """An autograded notebook as GuardedExecute and FlagTampering leave it:
    an answer printed before the first hidden test, a test cell, then an
    answer printed after it."""
    answer_before = nbgrader_cell("def f(x):\n    return 2 * x\nprint('shown')", "ex1_f")
    answer_before.outputs = [nbformat.v4.new_output("stream", name="stdout", text="shown\n")]
    test = nbgrader_cell(TEST_SOURCE, "ex1_f_test", points=2)
    test.outputs = [nbformat.v4.new_output("error", ename="AssertionError", traceback=["quotes the hidden line"],
                                           evalue="f(7) should be 14, got 'assert f(_secret_input) == 14'")]
    answer_after = nbgrader_cell("print(In)", "ex2_g")
    answer_after.outputs = [nbformat.v4.new_output("stream", name="stdout", text="['', '_secret_input = 7']\n")]
    answer_after.execution_count = 99
    notebook = nbformat.v4.new_notebook(cells=[answer_before, test, answer_after])
    notebook.metadata["widgets"] = {"state": "_secret_input = 7"}
    notebook.metadata["dlcourse"] = {"feedback": {"cutoff": 1, "output_digests": {"0": outputs_digest(answer_before)}},
                                     "held": {}}
    return notebook


def text_of(notebook):
    return nbformat.writes(notebook)


def test_feedback_keeps_the_outputs_from_before_the_hidden_tests_and_the_message():
    safe = safe_notebook(executed_notebook())
    cells = {nbgrader_metadata(c).get("grade_id"): c for c in safe.cells}
    assert cells["ex1_f"].outputs[0].text == "shown\n"
    assert cells["ex1_f_test"].outputs[0].text == "AssertionError: f(7) should be 14, got …\n"
    assert cells["ex2_g"].outputs[0].text == LEFT_OUT and cells["ex2_g"].execution_count is None
    assert "_secret_input" not in text_of(safe)
    assert set(safe.metadata) <= {"kernelspec", "language_info"}


def test_an_output_changed_after_the_hidden_tests_is_left_out():
    """A display update from a later cell rewrites an earlier output in place."""
    notebook = executed_notebook()
    notebook.cells[0].outputs[0].text = "_secret_input = 7\n"
    safe = safe_notebook(notebook)
    assert "_secret_input" not in text_of(safe)


def test_without_a_record_of_the_run_nothing_the_kernel_produced_is_shown():
    notebook = executed_notebook()
    del notebook.metadata["dlcourse"]
    safe = safe_notebook(notebook)
    assert "shown\n" not in [o.get("text") for c in safe.cells for o in c.get("outputs", [])]


def test_the_marker_goes_last_or_before_a_closing_expression():
    assert with_marker("x = 1\nassert x", "M = 1") == "x = 1\nassert x\nM = 1\n"
    # nbgrader reads partial credit from a test cell's last expression: it stays last
    assert with_marker("score = 0.5\nscore", "M = 1") == "score = 0.5\nM = 1\nscore\n"
    assert with_marker("if x:\n    y = 1", "M = 1") == "if x:\n    y = 1\nM = 1\n"
