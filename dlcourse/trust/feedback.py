"""Feedback a learner may see: nothing in it is derived from hidden tests.

Hidden tests run in the learner's kernel, after the learner's code, so
once the first of them has run, anything the kernel produces could carry
their source: an answer cell's output, a picture, a test's error message
(a learner's function called by a test can read the test and raise it).
The feedback is therefore built from what the learner or the instructor
wrote, and from what the kernel produced *before* any hidden test reached
it:

- every cell's source: the learner's own cells as submitted, the test
  cells without their hidden part;
- the outputs of the cells run before the first test cell with hidden
  tests, as they were at that moment (dlcourse.trust.evidence keeps a digest; an
  output changed later, by a display update, is not shown);
- for each test cell, its points, and when it failed, the instructor's
  message for the failing check: the literal text of the ``assert``
  message it matches, with every value the learner's code filled in
  shown as "…";
- from then on, no other output: a note says one was left out.

The notebook's and the cells' metadata are reduced to what the page needs.
"""

from __future__ import annotations

import ast
import builtins
import re
import string
from dataclasses import dataclass

import nbformat
from nbformat import NotebookNode

from ..cells import is_instructor_cell, is_test_cell, nbgrader_metadata
from .evidence import INTEGRITY_ERROR, outputs_digest
from .tampering import parse

HIDDEN_TESTS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
MAX_MESSAGE = 500    # characters of a message shown
PLACEHOLDER = "…"
BUILTIN_ERRORS = frozenset(name for name, value in vars(builtins).items()
                           if isinstance(value, type) and issubclass(value, BaseException))
# Errors the grader itself reports, with the words the learner sees.
GRADER_ERRORS = {
    INTEGRITY_ERROR: "the grader found no evidence that this test ran to its end undisturbed, so it earns "
                     "no points; your instructor has the details",
    "CellTimeoutError": "the test ran past the time limit",
    "DeadKernelError": "the kernel died while this test ran",
}
LEFT_OUT = ("[Output not shown in feedback: it was produced after the hidden tests had started to run. "
            "Run the notebook yourself to see it.]\n")
NOT_ANSWERED = " (an answer still raises it: write the code and delete the `raise NotImplementedError()` line)"
HELD = "[The points of this test are held until your instructor has reviewed the submission.]\n"
ABOUT = """**About this feedback.** Each test cell shows its points and, when it failed, the
message of the check that failed. Hidden tests ran in your notebook's kernel, so what your
notebook printed or drew after the first of them is left out here, and values your code put
into a test's message are shown as "…": run the notebook yourself to see them."""
NB_METADATA = ("kernelspec", "language_info")
CELL_METADATA = ("nbgrader",)


def without_hidden_tests(source: str) -> str:
    kept, hidden = [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker == HIDDEN_TESTS[0]:
            hidden = True
            kept.append(line.replace(HIDDEN_TESTS[0], "# (hidden tests ran here; they are not shown)"))
        elif marker == HIDDEN_TESTS[1]:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


# --- The instructor's messages --------------------------------------------------

@dataclass(frozen=True)
class Template:
    """An instructor's message: literal parts, and a placeholder for each
    value filled in at run time."""

    parts: tuple[str | None, ...]   # None: a placeholder

    @property
    def pattern(self) -> re.Pattern:
        return re.compile("".join(".*?" if p is None else re.escape(p) for p in self.parts), re.S)

    @property
    def literal_length(self) -> int:
        return sum(len(p) for p in self.parts if p is not None)

    def render(self) -> str:
        return "".join(PLACEHOLDER if p is None else p for p in self.parts)


def _parts(node: ast.AST) -> list[str | None]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value if isinstance(v, ast.Constant) else None for v in node.values]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _parts(node.left) + _parts(node.right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
            and isinstance(node.left.value, str):
        pieces = re.split(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]", node.left.value)
        return [part for piece in pieces for part in (piece.replace("%%", "%"), None)][:-1]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        parts: list[str | None] = []
        for literal, field, _, _ in string.Formatter().parse(node.func.value.value):
            parts += [literal] + ([None] if field is not None else [])
        return parts
    return [None]


def _template(node: ast.AST) -> Template | None:
    merged: list[str | None] = []
    for part in _parts(node):
        if part == "":
            continue
        if part is None and merged and merged[-1] is None:
            continue
        merged.append(part)
    template = Template(tuple(merged))
    return template if template.literal_length >= 3 else None


def message_templates(sources: list[str]) -> list[Template]:
    """The messages of the ``assert`` and ``raise`` statements, and the
    ``err_msg=``/``msg=`` arguments, in the instructor's cells."""
    found: list[Template] = []
    for tree in filter(None, map(parse, sources)):
        for node in ast.walk(tree):
            message = None
            if isinstance(node, ast.Assert) and node.msg is not None:
                message = node.msg
            elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                message = node.exc.args[0]
            elif isinstance(node, ast.Call):
                message = next((k.value for k in node.keywords if k.arg in ("err_msg", "msg")), None)
            template = _template(message) if message is not None else None
            if template and template not in found:
                found.append(template)
    return found


def instructor_message(evalue: str, templates: list[Template]) -> str | None:
    """The instructor's words for an error message, values left out; None
    when no instructor message matches it."""
    text = evalue[:5000]
    matches = [t for t in templates if t.pattern.fullmatch(text)] or [t for t in templates if t.pattern.search(text)]
    if not matches:
        return None
    return max(matches, key=lambda t: t.literal_length).render()[:MAX_MESSAGE]


def _stream(text: str, name: str = "stderr") -> NotebookNode:
    return NotebookNode(output_type="stream", name=name, text=text)


def test_message(cell: NotebookNode, trusted: bool, templates: list[Template]) -> str | None:
    """What a failed test cell says in feedback; None when it passed."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if not errors:
        return None
    ename, evalue = str(errors[0].get("ename", "")), str(errors[0].get("evalue", ""))
    if ename in GRADER_ERRORS:
        return f"{ename}: {GRADER_ERRORS[ename]}"
    if trusted:  # before any hidden test: the message is the learner's and the visible tests' own
        return f"{ename}: {evalue[:MAX_MESSAGE]}"
    shown_name = ename if ename in BUILTIN_ERRORS else "Error"
    message = instructor_message(evalue, templates)
    if message is None and ename == "NameError":
        missing = re.fullmatch(r"name '(\w+)' is not defined", evalue)
        visible = parse(without_hidden_tests(cell.source))
        if missing and visible and missing[1] in {n.id for n in ast.walk(visible) if isinstance(n, ast.Name)}:
            message = evalue
    if message is None and not evalue.strip():
        return shown_name + (NOT_ANSWERED if ename == "NotImplementedError" else "")
    if message is None:
        return f"{shown_name} (its message is not shown: it came from code that ran after the hidden tests started)"
    return f"{shown_name}: {message}"


# --- The feedback notebook ---------------------------------------------------------

def safe_notebook(nb: NotebookNode) -> NotebookNode:
    """``nb`` (an autograded notebook) reduced to what feedback may show."""
    review = nb.metadata.get("dlcourse", {})
    shown = review.get("feedback", {})
    cutoff = shown.get("cutoff", 0)   # no record of the run: show nothing the kernel produced
    digests = shown.get("output_digests", {})
    held = review.get("held", {})
    templates = message_templates([c.source for c in nb.cells if c.cell_type == "code" and is_instructor_cell(c)])
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            trusted = index < cutoff and digests.get(str(index)) == outputs_digest(cell)
            if is_test_cell(cell):
                message = test_message(cell, trusted, templates)
                cell.source = without_hidden_tests(cell.source)
                cell.outputs = [_stream(message + "\n")] if message else []
                if nbgrader_metadata(cell).get("grade_id") in held:
                    cell.outputs.append(_stream(HELD, "stdout"))
            elif not trusted:
                cell.outputs = [_stream(LEFT_OUT, "stdout")] if cell.get("outputs") else []
            if not trusted:
                cell.execution_count = None
        cell.metadata = NotebookNode({k: v for k, v in cell.metadata.items() if k in CELL_METADATA})
    nb.metadata = NotebookNode({k: v for k, v in nb.metadata.items() if k in NB_METADATA})
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(ABOUT))
    return nb
