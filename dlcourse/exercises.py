"""An assignment seen as exercises: which cells belong to which exercise,
what kind of thinking each asks for, its hints, which names each one
shares, and how known-wrong answers combine.

A learner who gets exercise 2 wrong must lose the points of exercise 2 and
no others.  That holds when no exercise reads a name that another
exercise's answer defines, which can be checked on the source alone; it
also lets the grader tests put one wrong answer per exercise into a single
submission and still know which failure belongs to which mistake.
"""

from __future__ import annotations

import re
import symtable
from dataclasses import dataclass

import nbformat

from .cells import EXERCISE_ID, SOLUTION_MARKERS, exercise_of, nbgrader_cells, nbgrader_metadata, solution_cells

# The kinds of exercise, as the intro table of an assignment names them.  The
# kind sits in the metadata of the exercise's heading cell (grade id
# ``exN_<name>_md``): ``"dlcourse": {"kind": "debug"}``.
KINDS = {
    "practice": "Practice",
    "debug": "Debug",
    "budget": "Design under a budget",
    "beyond": "One step beyond",
    "predict": "Predict then check",
    "written": "Written",
}
# Kinds that ask the learner to reason rather than to apply what was shown.
THINKING_KINDS = frozenset({"debug", "budget", "beyond", "predict"})
MAX_HINTS = 3

# What a learner never sees: the model answers and the hidden tests (group 2).
SECRET_REGIONS = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)
HINT_TAG = re.compile(r"<details>\s*<summary>\s*Hint (?P<number>\d+)\s*</summary>|</details>")


def python_source(source: str) -> str:
    """Cell source with IPython magics and shell escapes commented out."""
    return re.sub(r"(?m)^(\s*)([%!])", r"\1# \2", source)


@dataclass(frozen=True)
class Names:
    """The module-level names a cell binds, and those it reads."""

    defined: frozenset[str]
    imported: frozenset[str]
    read: frozenset[str]

    @classmethod
    def of(cls, source: str) -> "Names":
        table = symtable.symtable(python_source(source), "<cell>", "exec")
        symbols = table.get_symbols()
        return cls(
            defined=frozenset(s.get_name() for s in symbols if s.is_assigned() or s.is_imported()),
            imported=frozenset(s.get_name() for s in symbols if s.is_imported() and not s.is_assigned()),
            read=frozenset(_globals_read(table)),
        )


def _globals_read(table: symtable.SymbolTable) -> set[str]:
    """Names a scope and the scopes inside it read from the module level."""
    read = {
        s.get_name() for s in table.get_symbols()
        if s.is_referenced() and (table.get_type() == "module" or s.is_global())
    }
    for child in table.get_children():
        read |= _globals_read(child)
    return read


def cells_by_exercise(notebook: nbformat.NotebookNode) -> dict[str, list[nbformat.NotebookNode]]:
    """Code cells whose grade id starts with ``exN_``, grouped by exercise."""
    grouped: dict[str, list] = {}
    for grade_id, cell in nbgrader_cells(notebook).items():
        if cell.cell_type == "code" and EXERCISE_ID.match(grade_id):
            grouped.setdefault(exercise_of(grade_id), []).append(cell)
    return grouped


def shared_names(notebook: nbformat.NotebookNode,
                 wrong_answers: dict[str, list[tuple[str, str]]] | None = None) -> list[str]:
    """Every case of an answer (the model answer, or a known-wrong one)
    binding a name that another exercise's cells read; empty when the
    exercises are independent."""
    readers = {
        exercise: set().union(*(Names.of(c.source).read for c in cells))
        for exercise, cells in cells_by_exercise(notebook).items()
    }
    answers = [
        (grade_id, "the model answer", cell.source)
        for grade_id, cell in solution_cells(notebook).items() if cell.cell_type == "code"
    ]
    for grade_id, cases in (wrong_answers or {}).items():
        answers += [(grade_id, f"wrong answer '{description}'", source) for description, source in cases]

    problems = []
    for grade_id, what, source in answers:
        names = Names.of(source)
        # importing a module under its usual name again changes nothing
        bound = names.defined - names.imported
        for exercise, read in sorted(readers.items()):
            if exercise == exercise_of(grade_id):
                continue
            for name in sorted(bound & read):
                problems.append(f"{grade_id}: {what} binds `{name}`, which {exercise}'s cells read")
    return problems


@dataclass(frozen=True)
class WrongAnswer:
    grade_id: str  # the answer cell it replaces
    description: str
    source: str

    @property
    def exercise(self) -> str:
        return exercise_of(self.grade_id)


def rounds(wrong_answers: dict[str, list[tuple[str, str]]]) -> list[dict[str, WrongAnswer]]:
    """Known-wrong answers grouped into submissions: round k holds the k-th
    wrong answer of every exercise that has one, keyed by exercise, so each
    exercise carries at most one mistake per submission."""
    by_exercise: dict[str, list[WrongAnswer]] = {}
    for grade_id, cases in wrong_answers.items():
        for description, source in cases:
            by_exercise.setdefault(exercise_of(grade_id), []).append(
                WrongAnswer(grade_id, description, source))
    count = max((len(v) for v in by_exercise.values()), default=0)
    return [
        {exercise: answers[k] for exercise, answers in sorted(by_exercise.items()) if k < len(answers)}
        for k in range(count)
    ]


def solution_lines(source: str) -> list[str]:
    """The stripped, non-blank lines between a cell's solution markers."""
    inside, lines = False, []
    for line in source.splitlines():
        if line.strip() in SOLUTION_MARKERS:
            inside = line.strip() == SOLUTION_MARKERS[0]
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def parse_hints(source: str) -> list[str]:
    """The hints of a hints cell, in the order a learner reveals them.

    A hints cell nests one ``<details>`` block per hint inside the one
    before, so that Hint 2 shows only once Hint 1 is open::

        <details><summary>Hint 1</summary>

        A nudge.

        <details><summary>Hint 2</summary>

        Nearly the answer.

        </details>
        </details>

    Raises ValueError, saying what is wrong, for any other shape."""
    tags = list(HINT_TAG.finditer(source))
    opening = [t for t in tags if t.group("number")]
    if not opening:
        raise ValueError("no <details><summary>Hint 1</summary> block")
    numbers = [int(t.group("number")) for t in opening]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"hints are numbered {numbers}; number them 1, 2, 3 in order")
    if len(opening) > MAX_HINTS:
        raise ValueError(f"{len(opening)} hints; give at most {MAX_HINTS}")
    if [bool(t.group("number")) for t in tags] != [True] * len(opening) + [False] * len(opening):
        raise ValueError("nest each hint inside the one before it, and close every <details>")
    if source[:opening[0].start()].strip() or source[tags[-1].end():].strip():
        raise ValueError("text outside the hints: the cell holds only the <details> blocks")
    return [source[t.end():nxt.start()].strip() for t, nxt in zip(tags, tags[1:])][:len(opening)]


@dataclass
class Exercise:
    """One exercise (``ex3``) of an assignment: its parts' cells, in order."""

    name: str
    headings: list[nbformat.NotebookNode]
    hint_cells: list[nbformat.NotebookNode]
    answers: list[nbformat.NotebookNode]
    graded: list[nbformat.NotebookNode]

    @property
    def title(self) -> str:
        first = self.headings[0].source.splitlines()[0] if self.headings else self.name
        return re.sub(r"^#+\s*|\s*\([^)]*points?[^)]*\)\s*$", "", first)

    @property
    def kinds(self) -> list[str]:
        return [h.metadata.get("dlcourse", {}).get("kind") for h in self.headings]

    @property
    def points(self) -> float:
        return sum(float(nbgrader_metadata(c).get("points", 0)) for c in self.graded)

    @property
    def needs_thinking(self) -> bool:
        return any(kind in THINKING_KINDS for kind in self.kinds)

    def hints(self) -> list[list[str]]:
        """The hints of each part (raises ValueError for a malformed cell)."""
        return [parse_hints(cell.source) for cell in self.hint_cells]


def exercises_of(notebook: nbformat.NotebookNode) -> dict[str, Exercise]:
    """Every exercise of an assignment, by name, from its cells' grade ids:
    headings end in ``_md``, hints in ``_hints``."""
    found: dict[str, Exercise] = {}
    for grade_id, cell in nbgrader_cells(notebook).items():
        if not EXERCISE_ID.match(grade_id):
            continue
        exercise = found.setdefault(exercise_of(grade_id), Exercise(exercise_of(grade_id), [], [], [], []))
        nbgrader = nbgrader_metadata(cell)
        if nbgrader.get("solution"):
            exercise.answers.append(cell)
        if nbgrader.get("grade"):
            exercise.graded.append(cell)
        elif grade_id.endswith("_hints"):
            exercise.hint_cells.append(cell)
        elif grade_id.endswith("_md") and cell.cell_type == "markdown":
            exercise.headings.append(cell)
    return found
