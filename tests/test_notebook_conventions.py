"""The conventions every chapter follows (see docs/authors.md, "Writing a chapter"),
checked on the notebooks in solutions/ without running them."""

import ast
import builtins
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from helpers import ASSIGNED, CHAPTERS, NOTEBOOKS, ids, known_wrong_answers
from dlcourse import notebooks
from dlcourse.cells import exercise_of, nbgrader_cells, solution_cells
from dlcourse.exercises import (KINDS, THINKING_KINDS, Names, cells_by_exercise, exercises_of, parse_hints,
                                 python_source, shared_names, solution_lines)
from dlcourse.layout import CHAPTER_FOLDER, SOLUTIONS
from dlcourse.thresholds import bars_of

MIN_EXERCISES = 5
MIN_THINKING_EXERCISES = 2  # per assignment
MIN_THINKING_KINDS = 3  # across the course
MIN_WRONG_ANSWERS = 2  # per exercise
QUOTED_LINE_LENGTH = 20  # a solution line this long, found in a hint, gives the answer away


def code_cells(notebook):
    return [c for c in notebook.cells if c.cell_type == "code"]


def test_there_is_at_least_one_chapter():
    assert CHAPTERS, f"no chapter folders (NN-slug) in {SOLUTIONS}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_chapter_has_a_lesson_and_an_assignment(chapter):
    assert CHAPTER_FOLDER.match(chapter.name)
    assert chapter.lesson.exists(), f"missing {chapter.lesson.name}"
    assert chapter.assignment.exists(), f"missing {chapter.assignment.name}"


def test_the_course_has_a_written_answer_for_the_formgrader():
    """Some judgement cannot be autograded: at least one assignment asks for
    a written answer (a markdown cell graded by a person)."""
    written = [grade_id for chapter in ASSIGNED
               for grade_id, cell in solution_cells(notebooks.read(chapter.assignment)).items()
               if cell.cell_type == "markdown" and cell.metadata.nbgrader.get("grade")]
    assert written, "no assignment has a written answer (markdown cell with grade and solution)"


def test_notebook_file_names_are_unique_across_the_course():
    repeated = [n for n, k in Counter(p.name for p in NOTEBOOKS).items() if k > 1]
    assert not repeated


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
class TestEveryNotebook:
    def test_uses_the_standard_python3_kernel(self, path):
        assert notebooks.read(path).metadata.kernelspec["name"] == "python3"

    def test_first_code_cell_is_the_parameters_cell_reading_the_mode(self, path):
        first = code_cells(notebooks.read(path))[0]
        assert "parameters" in first.metadata.get("tags", []), "tag the first code cell 'parameters'"
        assert 'os.environ.get("DLCOURSE_MODE", "full")' in first.source

    def test_rejects_an_unknown_mode_with_a_clear_message(self, path, monkeypatch):
        parameters, settings = code_cells(notebooks.read(path))[:2]
        monkeypatch.setenv("DLCOURSE_MODE", "fast")
        namespace = {}
        exec(parameters.source, namespace)
        with pytest.raises(ValueError, match="'full' or 'smoke'"):
            exec(settings.source, namespace)

    def test_smoke_mode_is_read_from_the_environment(self, path, monkeypatch):
        parameters = code_cells(notebooks.read(path))[0]
        monkeypatch.setenv("DLCOURSE_MODE", "smoke")
        namespace = {}
        exec(parameters.source, namespace)
        assert namespace["MODE"] == "smoke"

    def test_does_not_depend_on_course_tooling(self, path):
        for cell in code_cells(notebooks.read(path)):
            assert not re.search(r"^\s*(import|from)\s+dlcourse", cell.source, re.M), (
                "notebooks must run without the course's tooling (Colab, student bundle)")

    def test_is_valid_python(self, path):
        for cell in code_cells(notebooks.read(path)):
            ast.parse(python_source(cell.source))

    def test_every_nbval_checked_cell_keeps_its_output(self, path):
        for cell in code_cells(notebooks.read(path)):
            tags = set(cell.metadata.get("tags", []))
            assert ("nbval-check-output" in tags) == ("keep_output" in tags), (
                f"tag deterministic cells with both nbval-check-output and keep_output:\n{cell.source[:200]}")


def test_notebooks_are_stored_without_stray_outputs():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "nbstripout"), "--verify", *map(str, NOTEBOOKS)],
        capture_output=True, text=True)
    assert result.returncode == 0, f"run `make tidy` and commit:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("chapter", ASSIGNED, ids=lambda c: c.name)
class TestEveryAssignment:
    def grade_cells(self, chapter):
        return {g: c for g, c in nbgrader_cells(notebooks.read(chapter.assignment)).items()
                if c.metadata.nbgrader.get("grade")}

    def exercises(self, chapter):
        """Exercise prefixes (ex1, ex2...) of all answers, of code answers
        (autograded), and of code test cells."""
        answers = solution_cells(notebooks.read(chapter.assignment))
        every = {exercise_of(g) for g in answers}
        autograded = {exercise_of(g) for g, c in answers.items() if c.cell_type == "code"}
        tests = {exercise_of(g) for g, c in self.grade_cells(chapter).items() if c.cell_type == "code"}
        return every, autograded, tests

    def test_has_enough_exercises_each_with_answer_and_tests(self, chapter):
        every, autograded, tests = self.exercises(chapter)
        assert len(every) >= MIN_EXERCISES, f"{len(every)} exercises; the course asks for {MIN_EXERCISES}"
        assert autograded <= tests, f"code answers without a test cell: {sorted(autograded - tests)}"

    def test_every_exercise_has_hidden_tests(self, chapter):
        hidden = {exercise_of(g) for g, c in self.grade_cells(chapter).items()
                  if "### BEGIN HIDDEN TESTS" in c.source}
        _, _, tests = self.exercises(chapter)
        assert tests <= hidden, f"exercises without hidden tests: {sorted(tests - hidden)}"

    def test_every_assert_explains_itself(self, chapter):
        """A failing test, visible or hidden, tells the learner what is wrong
        in words: never a bare AssertionError, nor one that shows only values."""
        unexplained = []
        for grade_id, cell in self.grade_cells(chapter).items():
            if cell.cell_type != "code":
                continue
            for node in ast.walk(ast.parse(python_source(cell.source))):
                if isinstance(node, ast.Assert) and not says_in_words(node.msg):
                    shown = ast.unparse(node.msg)[:60] if node.msg else "no message"
                    unexplained.append(f"{grade_id} line {node.lineno} ({shown})")
        assert not unexplained, f"asserts whose message says nothing in words: {unexplained}"

    def test_every_exercise_has_a_kind(self, chapter):
        """The heading of each exercise names its kind (docs/authors.md, "Writing a chapter")."""
        problems = [f"{name}: kinds {ex.kinds}" for name, ex in exercises_of(notebooks.read(chapter.assignment)).items()
                    if not ex.headings or not all(kind in KINDS for kind in ex.kinds)]
        assert not problems, (f"give each exercise heading (grade id exN_<name>_md) cell metadata "
                              f"dlcourse.kind, one of {sorted(KINDS)}: {problems}")

    def test_enough_exercises_make_the_learner_think(self, chapter):
        thinking = [n for n, ex in exercises_of(notebooks.read(chapter.assignment)).items() if ex.needs_thinking]
        assert len(thinking) >= MIN_THINKING_EXERCISES, (
            f"exercises of a thinking kind ({sorted(THINKING_KINDS)}): {thinking}; "
            f"the course asks for {MIN_THINKING_EXERCISES}")

    def test_every_exercise_has_one_to_three_hints(self, chapter):
        problems = []
        for name, exercise in exercises_of(notebooks.read(chapter.assignment)).items():
            if not exercise.hint_cells:
                problems.append(f"{name} has no hints cell (grade id {name}_<name>_hints)")
            for cell in exercise.hint_cells:
                grade_id = cell.metadata.nbgrader["grade_id"]
                if cell.cell_type != "markdown" or not cell.metadata.nbgrader.get("locked"):
                    problems.append(f"{grade_id}: hints are a locked markdown cell")
                try:
                    hints = parse_hints(cell.source)
                except ValueError as err:
                    problems.append(f"{grade_id}: {err}")
                    continue
                problems += [f"{grade_id}: hint {k} is empty" for k, hint in enumerate(hints, 1)
                             if len(hint.split()) < 3]
        assert not problems, "\n".join(problems)

    def test_no_hint_gives_the_solution_away(self, chapter):
        exercises = exercises_of(notebooks.read(chapter.assignment))
        quoted = []
        for name, exercise in exercises.items():
            hints = " ".join(cell.source for cell in exercise.hint_cells)
            for answer in exercise.answers:
                quoted += [f"{name}: {line!r}" for line in solution_lines(answer.source)
                           if len(line) >= QUOTED_LINE_LENGTH and line in hints]
        assert not quoted, "hints that quote the solution: " + "; ".join(quoted)

    def test_stubs_are_the_last_statement_of_their_block(self, chapter):
        """In the released notebook, nothing follows a stub's `raise
        NotImplementedError()` in its block, and no stub sits in a class body:
        no unreachable code, and no class or function left undefined."""
        released = notebooks.read(chapter.release / chapter.assignment.name)
        problems = []
        for grade_id, cell in solution_cells(released).items():
            if cell.cell_type != "code":
                continue
            tree = ast.parse(python_source(cell.source))
            stubs = 0
            for node in ast.walk(tree):
                for field in ("body", "orelse", "finalbody"):
                    block = getattr(node, field, None)
                    if not isinstance(block, list):
                        continue
                    for position, statement in enumerate(block):
                        if is_stub(statement):
                            stubs += 1
                            if position != len(block) - 1:
                                problems.append(f"{grade_id} line {statement.lineno}: code after the stub")
                            if isinstance(node, ast.ClassDef):
                                problems.append(f"{grade_id} line {statement.lineno}: a stub in a class body "
                                                "leaves the class undefined; put it inside a method")
            if not stubs:
                problems.append(f"{grade_id}: no raise NotImplementedError() stub")
        assert not problems, "\n".join(problems)

    def test_every_exercise_has_known_wrong_answers(self, chapter):
        counts = Counter()
        for grade_id, cases in known_wrong_answers(chapter).items():
            counts[exercise_of(grade_id)] += len(cases)
        autograded = {n for n, ex in exercises_of(notebooks.read(chapter.assignment)).items()
                      if any(c.cell_type == "code" for c in ex.answers)}
        few = {name: counts[name] for name in sorted(autograded) if counts[name] < MIN_WRONG_ANSWERS}
        assert not few, (f"exercises with fewer than {MIN_WRONG_ANSWERS} known-wrong answers in "
                         f"tests/wrong_answers/{chapter.name}.py: {few}")

    def test_seeds_keras(self, chapter):
        source = "\n".join(c.source for c in code_cells(notebooks.read(chapter.assignment)))
        assert "keras.utils.set_random_seed(" in source

    def test_declared_bars_are_computed_by_tests_that_set_the_seed(self, chapter):
        """A bar on a trained model is measured by `make seed-spread`: the
        seed comes from DLCOURSE_SEED and the test cell that computes the
        variable seeds Keras with it before training."""
        notebook = notebooks.read(chapter.assignment)
        bars = bars_of(notebook)
        if not bars:
            pytest.skip("no graded trained model")
        assert 'os.environ.get("DLCOURSE_SEED"' in code_cells(notebook)[0].source, (
            "read SEED from DLCOURSE_SEED in the parameters cell")
        tests = [c.source for c in self.grade_cells(chapter).values() if c.cell_type == "code"]
        for bar in bars:
            computing = [t for t in tests if re.search(rf"(?m)^{bar.figure}\s*=", t)]
            assert computing, f"no test cell assigns {bar.figure}, which has a bar"
            assert all("keras.utils.set_random_seed(SEED)" in t for t in computing), (
                f"the test computing {bar.figure} must call keras.utils.set_random_seed(SEED) before training")

    def test_no_answer_binds_a_name_another_exercise_reads(self, chapter):
        """A mistake in one exercise costs that exercise only: no answer, the
        model answer or a known-wrong one, binds a name that another
        exercise's cells read (also what lets test_grading combine wrong
        answers)."""
        problems = shared_names(notebooks.read(chapter.assignment), known_wrong_answers(chapter))
        assert not problems, "give each exercise its own names:\n" + "\n".join(problems)


def says_in_words(message) -> bool:
    """Whether an assert's message is text a learner can read: a string, an
    f-string or a formatted string with at least three words of its own."""
    if isinstance(message, ast.Constant) and isinstance(message.value, str):
        return len(re.findall(r"[A-Za-z]{2,}", message.value)) >= 3
    if isinstance(message, ast.JoinedStr):
        return says_in_words(ast.Constant("".join(
            part.value for part in message.values if isinstance(part, ast.Constant))))
    if isinstance(message, ast.BinOp) and isinstance(message.op, (ast.Add, ast.Mod)):
        return says_in_words(message.left) or (isinstance(message.op, ast.Add) and says_in_words(message.right))
    if isinstance(message, ast.Call) and isinstance(message.func, ast.Attribute) and message.func.attr == "format":
        return says_in_words(message.func.value)
    return False


def test_an_assert_that_shows_only_values_is_not_an_explanation():
    def message(source):
        return ast.parse(source).body[0].msg
    assert not says_in_words(message("assert x, (a, b)"))
    assert not says_in_words(message("assert x, f'{a} {b}'"))
    assert says_in_words(message("assert x, f'the slope is {a}, not 3'"))
    assert says_in_words(message("assert x, ('the slope ' 'is wrong') + str(a)"))


def is_stub(statement) -> bool:
    """``raise NotImplementedError`` or ``raise NotImplementedError(...)``."""
    if not isinstance(statement, ast.Raise) or statement.exc is None:
        return False
    raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def test_the_course_mixes_kinds_of_thinking():
    kinds = {kind for chapter in ASSIGNED
             for exercise in exercises_of(notebooks.read(chapter.assignment)).values()
             for kind in exercise.kinds if kind in THINKING_KINDS}
    assert len(kinds) >= MIN_THINKING_KINDS, (
        f"the assignments use the thinking kinds {sorted(kinds)}; mix at least {MIN_THINKING_KINDS}")


def test_a_wrong_answer_that_clobbers_another_exercise_is_caught():
    """Control: an answer to one exercise that rebinds a name a later
    exercise reads is reported, naming both."""
    chapter = ASSIGNED[0]
    notebook = notebooks.read(chapter.assignment)
    grouped = cells_by_exercise(notebook)
    first, later = sorted(grouped)[0], sorted(grouped)[-1]
    answer = next(g for g, c in solution_cells(notebook).items()
                  if exercise_of(g) == first and c.cell_type == "code")
    name = sorted(set().union(*(Names.of(c.source).read for c in grouped[later]))
                  - set(dir(builtins)))[0]
    problems = shared_names(notebook, {answer: [("rebinds a later name", f"{name} = None")]})
    assert problems == [f"{answer}: wrong answer 'rebinds a later name' binds `{name}`, which {later}'s cells read"]


HINTS = """<details><summary>Hint 1</summary>

A nudge.

<details><summary>Hint 2</summary>

Nearly the answer.

</details>
</details>"""


@pytest.mark.parametrize("source, problem", [
    ("Use tf.reduce_mean.", "no <details>"),
    (HINTS.replace("Hint 2", "Hint 3"), "numbered [1, 3]"),
    ("<details><summary>Hint 1</summary>\n\nA.\n\n</details>\n<details><summary>Hint 2</summary>\n\nB.\n\n</details>",
     "nest each hint"),
    ("Read this first.\n\n" + HINTS, "text outside the hints"),
    ("".join(f"<details><summary>Hint {k}</summary>\n\nH{k}.\n\n" for k in range(1, 5)) + "</details>\n" * 4,
     "at most 3"),
], ids=["no-details", "skips-a-number", "side-by-side", "text-before", "four-hints"])
def test_hints_that_do_not_reveal_one_at_a_time_are_rejected(source, problem):
    with pytest.raises(ValueError, match=re.escape(problem)):
        parse_hints(source)


def test_nested_hints_are_read_in_the_order_a_learner_opens_them():
    assert parse_hints(HINTS) == ["A nudge.", "Nearly the answer."]
