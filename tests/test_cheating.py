"""Submissions written to cheat, graded by real nbgrader runs with the
course's configuration (dlcourse.trust.evidence, dlcourse.trust.review,
dlcourse.trust.feedback).

The assignment is small (three exercises, no TensorFlow) and every test
cell carries hidden tests with a canary string.  Each cheating submission
answers exercise 1 and leaves exercises 2 and 3 unsolved:

- TAMPERING: code that changes how later cells run or what the tests see.
  Each must be flagged for review with the right reason, and score nothing
  on exercises 2 and 3.  A control grading of the same submissions without
  the course's checks shows that each technique does score there.
- EXFILTRATION: code that sends the hidden tests' source to the learner by
  some channel, plain or encoded.  Its feedback page must hold no trace of
  a hidden test, plain or decoded, although the control shows the graded
  notebook (the instructor's view) does carry it.
"""

import base64
import binascii
import codecs
import csv
import html
import json
import re
import textwrap

import nbformat
import pytest
from nbgrader.api import Gradebook

from helpers import nbgrader_cell, one_assignment_course
from dlcourse.grading import autograde, reports
from dlcourse.grading.samples import solved_submission, with_answer
from dlcourse.layout import Chapter

pytestmark = [pytest.mark.grading, pytest.mark.xdist_group("cheating")]  # one class, graded once

PROBE = Chapter("00-cheat-probe")
CANARY = "HIDDEN-CANARY-"   # every hidden test sets a variable to CANARY + its exercise


def assignment_cells():
    def hidden(exercise, checks):
        return f"### BEGIN HIDDEN TESTS\n_canary = \"{CANARY}{exercise}\"\n{checks}\n### END HIDDEN TESTS"

    setup = nbformat.v4.new_code_cell("import math\nimport numpy as np", metadata={"nbgrader": {
        "grade": False, "grade_id": "setup", "locked": True, "schema_version": 3, "solution": False, "task": False}})
    return [
        setup,
        nbgrader_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION", "ex1_double"),
        nbgrader_cell('assert double(2) == 4, "double(2) should be 4"\n'
                      + hidden("ex1", 'assert double(-3) == -6, f"double(-3) should be -6, got {double(-3)!r}"'),
                      "ex1_double_test", points=2),
        nbgrader_cell('def greet(name):\n    ### BEGIN SOLUTION\n    return f"hello {name}"\n    ### END SOLUTION',
                      "ex2_greet"),
        nbgrader_cell('assert greet("ada") == "hello ada", "greet(\'ada\') should be \'hello ada\'"\n'
                      + hidden("ex2", 'assert greet("bo") == "hello bo", f"greet(\'bo\') should be \'hello bo\', '
                                      'got {greet(\'bo\')!r}"'),
                      "ex2_greet_test", points=2),
        nbgrader_cell("def mean(values):\n    ### BEGIN SOLUTION\n    return sum(values) / len(values)\n"
                      "    ### END SOLUTION", "ex3_mean"),
        nbgrader_cell('assert abs(mean([1, 2, 3]) - 2.0) < 1e-9, "mean([1, 2, 3]) should be 2.0"\n'
                      + hidden("ex3", 'assert abs(mean([4]) - 4) < 1e-9, f"mean([4]) should be 4, got {mean([4])}"'),
                      "ex3_mean_test", points=1),
        nbgrader_cell('assert math.isclose(mean([1, 2]), 1.5), "mean([1, 2]) should be 1.5"\n'
                      + hidden("ex3b", 'np.testing.assert_allclose(mean([0.5, 1.5]), 1.0, '
                                       'err_msg="mean([0.5, 1.5]) should be 1.0")'),
                      "ex3_mean_library_test", points=1),
    ]


# Lines of the hidden tests; none may reach a learner's feedback.
HIDDEN_LINES = ['assert double(-3) == -6', 'assert greet("bo") == "hello bo"', "assert abs(mean([4]) - 4) < 1e-9",
                "np.testing.assert_allclose(mean([0.5, 1.5]), 1.0"]
NEEDLES = [CANARY, *HIDDEN_LINES]

DOUBLE = "def double(x):\n    return 2 * x\n"
UNSOLVED = {"ex2_greet": "def greet(name):\n    raise NotImplementedError()\n",
            "ex3_mean": "def mean(values):\n    raise NotImplementedError()\n"}
WRONG_MEAN = "def mean(values):\n    return 0.0\n"


def d(code):
    return textwrap.dedent(code).lstrip("\n")


# name: (what it does, answers {grade id: source}, words the review must contain)
TAMPERING = {
    "input_transformer": (
        "an IPython input transformer blanks every cell with an assert",
        {"ex1_double": DOUBLE + d("""
            get_ipython().input_transformers_cleanup.append(
                lambda lines: ["pass\\n"] if any("assert" in line for line in lines) else lines)
            """)},
        ["input transformer"]),
    "ast_transformer": (
        "an IPython AST transformer wraps every statement in try/except",
        {"ex1_double": DOUBLE + d("""
            import ast

            class Forgive(ast.NodeTransformer):
                def visit_Module(self, module):
                    module.body = [ast.Try(body=[statement], handlers=[ast.ExceptHandler(
                        type=None, name=None, body=[ast.Pass()])], orelse=[], finalbody=[])
                        for statement in module.body]
                    return ast.fix_missing_locations(module)

            get_ipython().ast_transformers.append(Forgive())
            """)},
        ["AST transformer"]),
    "event_hook": (
        "a post_run_cell hook forgets each cell's error and clears its output",
        {"ex1_double": DOUBLE + d("""
            from IPython.display import clear_output

            def forget(result):
                if result.error_in_exec is not None:
                    result.error_in_exec = None
                    clear_output()

            get_ipython().events.register("post_run_cell", forget)
            """)},
        ["event hook"]),
    "trace_function": (
        "a trace function reads each assert before it runs and plants the expected answer",
        {"ex1_double": DOUBLE + d("""
            import ast, linecache, re, sys

            def plant(frame, event, arg):
                if event == "call":
                    return plant if frame.f_code.co_name == "<module>" else None
                line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
                found = re.match(r"assert (\\w+)\\(.*?\\) == (\\"[^\\"]*\\")", line)
                if event == "line" and found:
                    answer = ast.literal_eval(found[2])
                    frame.f_globals[found[1]] = lambda *args, **kwargs: answer
                return plant

            sys.settrace(plant)
            """)},
        ["traces execution", "trace function"]),
    "call_stack_oracle": (
        "greet() reads the calling test's line from the call stack and returns what it expects",
        {"ex2_greet": d("""
            import linecache, re, sys

            def greet(name):
                caller = sys._getframe(1)
                line = linecache.getline(caller.f_code.co_filename, caller.f_lineno)
                return re.search(r'== "([^"]*)"', line)[1]
            """)},
        ["call stack", "sys._getframe"]),
    "patched_library": (
        "math.isclose and np.testing.assert_allclose replaced by functions that always pass",
        {"ex1_double": DOUBLE + "math.isclose = lambda *args, **kwargs: True\n"
                                "np.testing.assert_allclose = lambda *args, **kwargs: None\n",
         "ex3_mean": WRONG_MEAN},
        ["replaces math.isclose", "math.isclose was replaced"]),
    "patched_builtin": (
        "the built-in abs() replaced by one that always returns 0",
        {"ex1_double": DOUBLE + "import builtins\nbuiltins.abs = lambda x: 0\n", "ex3_mean": WRONG_MEAN},
        ["imports builtins", "the built-in abs was replaced"]),
    "impersonation": (
        "greet() returns an object equal to anything",
        {"ex2_greet": d("""
            class Anything:
                def __eq__(self, other):
                    return True

            def greet(name):
                return Anything()
            """)},
        ["defines __eq__"]),
}

LEAK = "import base64, codecs, linecache\nsource = '\\n'.join(In)\n"
PROMPT = ("leak = next(cell for cell in In if '_canary' in cell).split('_canary = ')[1]\n"
          "get_ipython().execution_count = 10_000 + ord(leak[{}])\n")

# name: (channel, answers, how to decode what the channel carries)
EXFILTRATION = {
    "printed_history": ("an answer cell prints IPython's input history", {"ex2_greet": "print(In)\n"}, "plain"),
    "base64_html": ("an answer cell displays the history base64-encoded as HTML",
                    {"ex2_greet": LEAK + "from IPython.display import HTML, display\n"
                                         "display(HTML('<pre>' + base64.b64encode(source.encode()).decode() + '</pre>'))\n"},
                    "base64"),
    "image": ("an answer cell draws the hidden tests into a PNG image",
              {"ex2_greet": LEAK + d("""
                  import io
                  import matplotlib
                  matplotlib.use("agg")
                  import matplotlib.pyplot as plt
                  from IPython.display import Image, display
                  figure = plt.figure(figsize=(12, 6))
                  figure.text(0, 0.5, source[-600:], fontsize=6, family="monospace")
                  buffer = io.BytesIO()
                  figure.savefig(buffer, format="png")
                  display(Image(buffer.getvalue()))
                  """)}, "image"),
    "error_message": ("greet() raises the calling test's source, reversed, when a test calls it",
                      {"ex2_greet": "import linecache, sys\n\ndef greet(name):\n"
                                    "    caller = sys._getframe(1)\n"
                                    "    raise ValueError(''.join(linecache.getlines(caller.f_code.co_filename))[::-1])\n"},
                      "reversed"),
    "error_name": ("greet() raises an exception whose class name is the test's source in base32",
                   {"ex2_greet": "import base64\n\ndef greet(name):\n"
                                 "    secret = base64.b32encode(In[-1].encode()).decode().strip('=')\n"
                                 "    raise type(secret, (Exception,), {})()\n"},
                   "base32"),
    "message_value": ("double() returns, for negative numbers, an object whose repr is the test's source "
                      "in hex; the hidden test's message puts it in the error", {"ex1_double": d("""
                          class Leaky:
                              def __repr__(self):
                                  return In[-1].encode().hex()

                          def double(x):
                              return Leaky() if x < 0 else 2 * x
                          """)}, "hex"),
    "display_update": ("exercise 1 shows a placeholder; exercise 2 replaces it, after the hidden tests ran, "
                       "with the history in rot13",
                       {"ex1_double": DOUBLE + "from IPython.display import display\n"
                                               "display('placeholder', display_id='leak')\n",
                        "ex2_greet": LEAK + "from IPython.display import update_display\n"
                                            "update_display(codecs.encode(source, 'rot13'), display_id='leak')\n"},
                       "rot13"),
    "prompt_numbers": ("answer cells set the kernel's execution count to the characters of a hidden test",
                       {"ex2_greet": PROMPT.format(0), "ex3_mean": PROMPT.format(1)}, "prompts"),
    "widget_state": ("an answer cell opens a widget comm whose state holds the history",
                     {"ex2_greet": LEAK + "import comm\ncomm.create_comm(target_name='jupyter.widget', "
                                          "data={'state': {'_model_module': 'x', 'leak': source}})\n"},
                     "plain"),
}


def submission(solved, answers):
    notebook = solved
    for grade_id, source in {**UNSOLVED, **answers}.items():
        notebook = with_answer(notebook, grade_id, source)
    return notebook


def page_text(path):
    """What a reader of the feedback page can get at: its markup with every
    attribute and script, and its text as shown (code is highlighted token
    by token, so a line of source is whole only once the tags are gone)."""
    markup = path.read_text()
    return html.unescape(markup) + "\n" + html.unescape(re.sub(r"<[^>]+>", "", markup))


def decoded(text):
    """``text`` and everything an encoding channel could have turned it into."""
    views = [text, text[::-1], codecs.decode(text, "rot13")]
    for token in re.findall(r"[A-Za-z0-9+/]{24,}={0,2}", text):
        for decode in (base64.b64decode, lambda t: base64.b32decode(t + "=" * (-len(t) % 8))):
            try:
                views.append(decode(token).decode("utf-8", "replace"))
            except (binascii.Error, ValueError):
                pass
    for token in re.findall(r"(?:[0-9a-f]{2}){12,}", text):
        views.append(bytes.fromhex(token).decode("utf-8", "replace"))
    prompts = [int(n) - 10_000 for n in re.findall(r"\[(\d{5})\]", text)]
    views.append("".join(chr(n) for n in prompts if 0 < n < 0x110000))
    return "\n".join(views)


def traces(text):
    found = decoded(text)
    return [needle for needle in NEEDLES if needle in found]


class CheatingClass:
    def __init__(self, root, checks=True):
        self.course, instructor = one_assignment_course(root, PROBE, assignment_cells())
        released = self.course.student_version(PROBE)
        solved = solved_submission(released, instructor)
        corpus = {**{name: answers for name, (_, answers, _) in TAMPERING.items()}}
        if checks:
            corpus.update({name: answers for name, (_, answers, _) in EXFILTRATION.items()})
            corpus["honest"] = {}
        else:
            # The control: nbgrader's own autograde steps, without the witness and the review.
            (self.course.root / "nbgrader_config.py").write_text(
                "from nbgrader.converters import Autograde\n"
                "c.Autograde.autograde_preprocessors = Autograde.class_traits()['autograde_preprocessors'].default()\n")
        for student, answers in corpus.items():
            notebook = solved if student == "honest" else submission(solved, answers)
            self.course.submit(student, PROBE, notebook)
        self.outcomes = {o.student: o for o in autograde.autograde_class(self.course, PROBE, workers=2,
                                                                          report=lambda line: None)}
        self.rows = {r["student_id"]: r for r in csv.DictReader(reports.export_grades(self.course).open())}
        if checks:
            pages = reports.generate_feedback(self.course, PROBE)
            self.feedback = {page.parts[-3]: page_text(page) for page in pages}

    def points(self, student, *exercises):
        return sum(float(self.rows[student][exercise]) for exercise in exercises)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return CheatingClass(tmp_path_factory.mktemp("cheating"))


@pytest.fixture(scope="module")
def control(tmp_path_factory):
    return CheatingClass(tmp_path_factory.mktemp("control"), checks=False)


def test_the_corpus_covers_the_mechanisms_and_channels():
    assert len(TAMPERING) >= 6 and len(EXFILTRATION) >= 4
    assert {"plain", "base64", "image"} <= {how for _, _, how in EXFILTRATION.values()}


def test_honest_work_gets_full_marks_and_no_flag(graded):
    outcome = graded.outcomes["honest"]
    assert outcome.score == outcome.max_score == 6 and outcome.review == []
    assert graded.rows["honest"]["needs_review"] == ""


@pytest.mark.parametrize("student", sorted(TAMPERING))
def test_without_the_checks_each_tampering_scores_on_exercises_it_did_not_solve(control, student):
    assert control.points(student, "ex2", "ex3") > 0, (
        f"{student} ({TAMPERING[student][0]}) earned nothing even unchecked: it proves nothing")


@pytest.mark.parametrize("student", sorted(TAMPERING))
def test_tampering_is_flagged_with_its_reason_and_earns_nothing_it_did_not_solve(graded, student):
    what, _, words = TAMPERING[student]
    outcome = graded.outcomes[student]
    reasons = "\n".join(outcome.review)
    assert outcome.review, f"{student} ({what}) was not flagged: {outcome.line()}"
    for word in words:
        assert word in reasons, f"{student}: {word!r} missing from the review:\n{reasons}"
    assert graded.points(student, "ex2", "ex3") == 0, f"{student} ({what}) scored on unsolved work: {outcome.line()}"
    row = graded.rows[student]
    assert row["needs_review"] and "NEEDS REVIEW" in outcome.line()


@pytest.mark.parametrize("student", ["input_transformer", "ast_transformer", "event_hook", "trace_function",
                                     "call_stack_oracle", "patched_library", "patched_builtin"])
def test_the_witness_in_the_kernel_catches_it_at_run_time_too(graded, student):
    """Not only the reading of the code: the unsolved tests the technique made
    pass scored zero for lack of clean evidence from the kernel."""
    zeroed = graded.course.autograded(PROBE, student).metadata["dlcourse"]["zeroed"]
    assert {"ex2_greet_test", "ex3_mean_test", "ex3_mean_library_test"} & set(zeroed), zeroed


def test_code_caught_only_by_reading_waits_for_a_person_in_the_formgrader(graded):
    """The impersonating object passes the tests at run time; its points are
    held: zero until graded, marked as needing a manual grade, with the
    tests' verdict in the answer cell's comment."""
    with Gradebook(graded.course.db_url) as gradebook:
        notebook = gradebook.find_submission_notebook(PROBE.assignment.stem, PROBE.name, "impersonation")
        grades = {g.name: g for g in notebook.grades}
        assert grades["ex2_greet_test"].auto_score == 0 and grades["ex2_greet_test"].needs_manual_grade
        comments = {c.name: c.auto_comment or "" for c in notebook.comments}
    assert "Needs review" in comments["ex2_greet"] and "ex2_greet_test: 2 point(s)" in comments["ex2_greet"]
    held = graded.course.autograded(PROBE, "impersonation").metadata["dlcourse"]["held"]
    assert held == {"ex2_greet_test": 2.0}


@pytest.mark.parametrize("student", sorted(EXFILTRATION))
def test_the_channel_is_real_in_the_graded_notebook(graded, student):
    """The instructor's copy shows what the channel carried (so the next test means something)."""
    notebook = graded.course.autograded(PROBE, student)
    if EXFILTRATION[student][2] == "image":
        assert '"image/png"' in json.dumps(notebook)
        return
    if EXFILTRATION[student][2] == "prompts":
        assert 10_000 + ord('"') in [c.get("execution_count") for c in notebook.cells]
        return
    carried = decoded(json.dumps(notebook) + "".join(f"[{c.get('execution_count')}]" for c in notebook.cells))
    assert CANARY in carried, f"{student}: the channel carried no hidden test even into the graded notebook"


@pytest.mark.parametrize("student", sorted(EXFILTRATION))
def test_feedback_carries_no_trace_of_the_hidden_tests(graded, student):
    page = graded.feedback[student]
    assert not traces(page), f"{student} ({EXFILTRATION[student][0]}): {traces(page)} in its feedback"
    if EXFILTRATION[student][2] == "image":
        assert "image/png" not in page
    if EXFILTRATION[student][2] == "prompts":
        assert not re.search(r"\[1\d{4}\]", page), "a prompt number from after the hidden tests is shown"


@pytest.mark.parametrize("student", sorted(TAMPERING) + ["honest"])
def test_no_feedback_page_carries_hidden_tests(graded, student):
    assert not traces(graded.feedback[student])


def test_feedback_keeps_what_helps_the_learner(graded):
    """Points per test, the instructor's message for a failed hidden check
    (values left out), and the visible tests' source."""
    page = graded.feedback["message_value"]
    assert "AssertionError: double(-3) should be -6, got …" in page
    assert 'assert double(2) == 4' in page
    assert "hidden tests ran here" in page
    assert re.search(r"Score:\s*0(\.0)?\s*/\s*2", page)
