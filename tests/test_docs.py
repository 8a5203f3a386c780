"""The documentation holds together: README.md stays a short front door,
every relative link in README.md and docs/*.md reaches a file of the
repository and, with a #anchor, a heading of that file, and every variable
the code reads from the environment (or the Makefiles let people pass) is in
docs/environment.md's tables."""

import ast
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from dlcourse.layout import ROOT

DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
ENVIRONMENT_PAGE = DOCS / "environment.md"
README_MAX_LINES = 200

# --- Links and anchors ------------------------------------------------------

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
INLINE_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
LINE_ANCHOR = re.compile(r"L\d+(-L\d+)?")  # GitHub's anchors into a file's lines


def without_code(text: str) -> str:
    """The text with fenced blocks removed and code spans emptied (a link's
    text may be code, so the brackets around it stay)."""
    return CODE_SPAN.sub("``", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text as rendered (link targets,
    code and emphasis marks dropped), lowercased, punctuation other than
    hyphens and underscores dropped, spaces turned into hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link or image: its text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = text.replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading's anchor in a markdown text; a repeated heading gets
    -1, -2, ... as on GitHub."""
    seen: dict[str, int] = {}
    found = set()
    for match in HEADING.finditer(FENCE.sub("", text)):
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(text: str) -> list[str]:
    """The targets of a markdown text's links and images, outside code."""
    text = without_code(text)
    return [m.group(1) for pattern in (INLINE_LINK, REFERENCE_DEFINITION, HTML_LINK)
            for m in pattern.finditer(text)]


def is_external(target: str) -> bool:
    return bool(re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target)) or target.startswith("//")


def broken_links(page: Path, root: Path = ROOT) -> list[str]:
    """What is wrong with each relative link of ``page``: a file that does not
    exist (or lies outside ``root``), or an anchor no heading of the target
    has. Links to the web and mail are skipped."""
    problems = []
    text = page.read_text()
    for target in links(text):
        if is_external(target):
            continue
        path_part, _, anchor = target.partition("#")
        path_part, anchor = unquote(path_part), unquote(anchor)
        destination = (page.parent / path_part).resolve() if path_part else page.resolve()
        if not destination.is_relative_to(root.resolve()):
            problems.append(f"{target}: leaves the repository")
            continue
        if not destination.exists():
            problems.append(f"{target}: {destination.relative_to(root.resolve())} does not exist")
            continue
        if not anchor:
            continue
        if destination.is_dir():
            problems.append(f"{target}: an anchor into a folder")
        elif destination.suffix == ".md":
            if anchor not in anchors(destination.read_text()):
                problems.append(f"{target}: no heading of {destination.name} has the anchor #{anchor}")
        elif not LINE_ANCHOR.fullmatch(anchor):
            problems.append(f"{target}: #{anchor} is not a heading or line anchor of {destination.name}")
    return problems


def test_the_readme_is_a_front_door():
    lines = (ROOT / "README.md").read_text().splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines, over {README_MAX_LINES}: move the detail into docs/ "
        "(docs/README.md says which page is for whom) and link to it")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    problems = broken_links(page)
    assert not problems, f"{page.relative_to(ROOT)} has broken links:\n" + "\n".join(problems)


def test_every_docs_page_is_on_the_map():
    listed = {Path(target.partition("#")[0]).name for target in links((DOCS / "README.md").read_text())
              if not is_external(target)}
    missing = sorted(p.name for p in DOCS.glob("*.md") if p.name != "README.md" and p.name not in listed)
    assert not missing, f"docs/README.md, the map of the docs, does not link to {missing}"


@pytest.mark.parametrize("heading, expected", [
    ("What `make test` proves", "what-make-test-proves"),
    ("Lesson results: `make results`", "lesson-results-make-results"),
    ("For instructors: quick start", "for-instructors-quick-start"),
    ("Environment and `make` variables", "environment-and-make-variables"),
    ("Try it on a sample class first", "try-it-on-a-sample-class-first"),
    ("A [linked](x.md) heading, with *emphasis*!", "a-linked-heading-with-emphasis"),
    ("snake_case and hyphen-ated", "snake_case-and-hyphen-ated"),
])
def test_slugs_follow_githubs_rule(heading, expected):
    assert slug(heading) == expected


def test_the_checker_catches_a_broken_file_and_a_broken_anchor(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "code.py").write_text("print(1)\n")
    (tmp_path / "docs" / "target.md").write_text(
        "# Target\n\n## What `make test` proves\n\n## Twice\n\n## Twice\n\n"
        "```\n## Not a heading: inside a code block\n```\n")
    page = tmp_path / "docs" / "page.md"
    page.write_text(
        "# Page\n\n## Here\n\n"
        "[good](target.md) [good anchor](target.md#what-make-test-proves) "
        "[second of two](target.md#twice-1) [own heading](#here) [a file](../code.py) "
        "[a line](../code.py#L1) [`code` text](../code.py) [web](https://example.com/x#y) "
        "[mail](mailto:someone@example.com)\n\n"
        "`[in code](nowhere.md)`\n\n```\n[in a block](nowhere.md)\n```\n\n"
        "[missing file](missing.md)\n"
        "[missing anchor](target.md#no-such-heading)\n"
        "[heading in code](target.md#not-a-heading-inside-a-code-block)\n"
        "[own missing](#nowhere)\n"
        "[outside](../../elsewhere.md)\n"
        "[bad anchor into code](../code.py#main)\n")
    problems = broken_links(page, root=tmp_path)
    assert [p.split(":")[0] for p in problems] == [
        "missing.md", "target.md#no-such-heading", "target.md#not-a-heading-inside-a-code-block",
        "#nowhere", "../../elsewhere.md", "../code.py#main"], problems


# --- Environment variables --------------------------------------------------

NAME = r"[A-Z_][A-Z0-9_]*"
DLCOURSE_NAME = re.compile(r"\bDLCOURSE_[A-Z0-9_]*[A-Z0-9]\b")  # not a prefix such as DLCOURSE_SANDBOX_{...}
PYTHON_READS = [
    re.compile(rf"""environ(?:\.get|\.setdefault|\.pop)?\(\s*["']({NAME})["']"""),
    re.compile(rf"""environ\[\s*["']({NAME})["']\s*\]"""),
    re.compile(rf"""(?:getenv|setenv|delenv|putenv)\(\s*["']({NAME})["']"""),
]
MAKEFILE_READS = [
    re.compile(rf"^\s*export\s+({NAME})", re.M),  # exported to every recipe
    re.compile(rf"--env\s+({NAME})"),  # the kernel spec's environment
    re.compile(rf"\$\$\{{?({NAME})"),  # a shell variable in a recipe
]
WORKFLOW_ENV_KEY = re.compile(rf"^\s+({NAME}):\s", re.M)  # keys of env: blocks (other keys are lowercase)
MAKE_VARIABLES = [
    re.compile(rf"^({NAME})\s*\?=", re.M),  # a default people may override
    re.compile(rf"\$\((?:if|or) \$\(({NAME})\)"),  # passed on only when given
]


def python_names(source: str) -> set[str]:
    """Variables a Python source reads or sets by name, plus those it builds
    as PREFIX + field for each field of a class (``f"DLCOURSE_SANDBOX_{name.upper()}"``
    over a dataclass's fields), plus those it lists in a ``*_VARIABLES`` tuple."""
    names = set(DLCOURSE_NAME.findall(source))
    for pattern in PYTHON_READS:
        names |= set(pattern.findall(source))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return names
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            fields = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
            for inner in ast.walk(node):
                if (isinstance(inner, ast.JoinedStr) and inner.values
                        and isinstance(inner.values[0], ast.Constant)
                        and re.fullmatch(r"[A-Z][A-Z0-9_]*_", str(inner.values[0].value))
                        and ".upper()" in ast.unparse(inner)):
                    names |= {inner.values[0].value + field.upper() for field in fields}
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Tuple, ast.List)):
            if any(isinstance(t, ast.Name) and t.id.endswith("VARIABLES") for t in node.targets):
                names |= {e.value for e in node.value.elts
                          if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return names


def notebook_source(path: Path) -> str:
    return "\n".join("".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                     for cell in json.loads(path.read_text())["cells"])


def variables_in_the_code(root: Path = ROOT) -> set[str]:
    """Every environment variable the course's code, tests, notebooks,
    Makefiles and workflows read or set by name."""
    names = set()
    for folder in ("dlcourse", "tests", "autograder", "data"):
        for path in (root / folder).rglob("*.py"):
            if path.resolve() != Path(__file__).resolve():  # this file's examples are not the course's
                names |= python_names(path.read_text())
    for path in (root / "solutions").rglob("*.ipynb"):
        names |= python_names(notebook_source(path))
    for path in [root / "Makefile", *(root / "dlcourse").rglob("Makefile"), root / ".ci" / "run"]:
        if path.exists():
            text = path.read_text()
            names |= set(DLCOURSE_NAME.findall(text))
            for pattern in MAKEFILE_READS:
                names |= set(pattern.findall(text))
    for path in (root / ".github" / "workflows").glob("*.y*ml"):
        text = path.read_text()
        names |= set(DLCOURSE_NAME.findall(text)) | set(WORKFLOW_ENV_KEY.findall(text))
    return names


def make_variables(root: Path = ROOT) -> set[str]:
    """Variables the course's Makefiles let people pass on the command line."""
    names = set()
    for path in [root / "Makefile", *(root / "dlcourse").rglob("Makefile")]:
        text = path.read_text()
        for pattern in MAKE_VARIABLES:
            names |= set(pattern.findall(text))
    return names


def tabled(markdown: str) -> set[str]:
    """The names in backticks in the first column of the page's tables."""
    names = set()
    for line in markdown.splitlines():
        if line.startswith("|"):
            first = line.strip("|").split("|")[0]
            names |= set(re.findall(rf"`({NAME})`", first))
    return names


def test_every_environment_variable_the_code_reads_is_in_the_table():
    missing = sorted(variables_in_the_code() - tabled(ENVIRONMENT_PAGE.read_text()))
    assert not missing, (
        f"docs/environment.md's table lacks {missing}: add a row (who reads it, default, what it does)")


def test_every_make_variable_is_in_the_table():
    missing = sorted(make_variables() - tabled(ENVIRONMENT_PAGE.read_text()))
    assert not missing, f"docs/environment.md's make variables table lacks {missing}"


def test_the_variable_scan_finds_every_kind_of_read(tmp_path):
    """A control: a variable added in any of these ways is found, so the
    test above fails until the table has it."""
    (tmp_path / "dlcourse").mkdir()
    (tmp_path / "dlcourse" / "tool.py").write_text(
        "import os\n"
        "a = os.environ.get('PLAIN_GET')\n"
        "b = os.environ[\"BY_INDEX\"]\n"
        "c = os.getenv('BY_GETENV')\n"
        "os.environ.setdefault('SET_DEFAULT', '1')\n"
        "NAME = 'DLCOURSE_BY_CONSTANT'\n"
        "PASSED_VARIABLES = ('PASSED_ON', 'LANG')\n"
        "class Limits:\n"
        "    cpu_seconds: int = 1\n"
        "    def read(self):\n"
        "        return [os.environ.get(f'DLCOURSE_LIMIT_{n.upper()}') for n in ('cpu_seconds',)]\n")
    (tmp_path / "Makefile").write_text(
        "PYTHON ?= python3\nexport QUIET_LEVEL ?= 3\n"
        "x:\n\ttest -n \"$$FROM_SHELL\" && run $(if $(GIVEN),--given $(GIVEN))\n")
    (tmp_path / "solutions" / "01-x").mkdir(parents=True)
    (tmp_path / "solutions" / "01-x" / "01-x-lesson.ipynb").write_text(json.dumps(
        {"cells": [{"cell_type": "code", "source": ["import os\n", "MODE = os.environ.get(\"IN_NOTEBOOK\")"]}]}))
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "jobs:\n  x:\n    steps:\n      - run: make\n        env:\n          IN_WORKFLOW: yes\n")
    assert variables_in_the_code(tmp_path) == {
        "PLAIN_GET", "BY_INDEX", "BY_GETENV", "SET_DEFAULT", "DLCOURSE_BY_CONSTANT", "PASSED_ON", "LANG",
        "DLCOURSE_LIMIT_CPU_SECONDS", "QUIET_LEVEL", "FROM_SHELL", "IN_NOTEBOOK", "IN_WORKFLOW"}
    assert make_variables(tmp_path) == {"PYTHON", "GIVEN"}
    assert tabled("| Variable | x |\n|---|---|\n| `PLAIN_GET`, `LANG` | `NOT_FIRST` |\n") == {"PLAIN_GET", "LANG"}


MODULE_NAMED = re.compile(r"python -m (dlcourse(?:\.\w+)+)|\b(dlcourse(?:/\w+)+\.py)\b")


def modules_named_but_missing(text: str, root: Path = ROOT) -> list[str]:
    """The `python -m dlcourse.X` commands and `dlcourse/X.py` files a page
    names that do not exist (links are checked above; these are in code)."""
    missing = []
    for command, path in MODULE_NAMED.findall(text):
        file = root / (path or command.replace(".", "/") + ".py")
        package = root / command.replace(".", "/") / "__main__.py" if command else file
        if not (file.exists() or package.exists()):
            missing.append(command or path)
    return missing


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_a_page_names_exists(page):
    missing = modules_named_but_missing(page.read_text())
    assert not missing, f"{page.relative_to(ROOT)} names modules that do not exist: {missing}"


def test_a_renamed_module_is_caught():
    text = "run `python -m dlcourse.classroom autograde` or read `dlcourse/grading/course.py`"
    assert modules_named_but_missing(text) == ["dlcourse.classroom"]
    assert modules_named_but_missing("`python -m dlcourse.grading` and `python -m dlcourse.qa.results`") == []


# -- lesson times quoted from the committed results run --------------------------------------

LESSON_TIME_ROW = re.compile(r"^\| (\d\d) [^|]+\| (\d+(?:\.\d)?) min \|", re.M)


def committed_minutes():
    runs = json.loads((ROOT / "results" / "results.json").read_text())["runs"]
    return {name[:2]: run["seconds"] / 60 for name, run in runs.items()}


def test_the_lesson_times_learners_read_are_the_committed_runs():
    """docs/learners.md gives each lesson's full-mode time to the half
    minute, and the README their range: both from results/results.json."""
    minutes = committed_minutes()
    quoted = {number: float(value) for number, value in LESSON_TIME_ROW.findall((DOCS / "learners.md").read_text())}
    assert quoted.keys() == minutes.keys(), "docs/learners.md's table should give every lesson's time"
    wrong = {n: (q, round(minutes[n], 2)) for n, q in quoted.items() if abs(q - minutes[n]) > 0.25 + 1e-9}
    assert not wrong, f"docs/learners.md's lesson times (quoted, measured minutes) differ: {wrong}"
    readme = (ROOT / "README.md").read_text()
    span = f"in {min(quoted.values()):g} to {max(quoted.values()):g} minutes"
    assert span in readme, f"the README should say every lesson runs on a CPU {span}"
