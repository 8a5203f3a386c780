"""Build the course's website: every lesson with the outputs of its
full-mode run, every assignment as released, the results table and the
guides, with Sphinx, MyST-NB and the book theme (configuration in
website/conf.py).

Nothing is executed.  The lessons' outputs come from the run behind
``results/results.json``: ``make results`` keeps each executed lesson in
``results/executed/`` and the repository carries them.  The site shows the
learner's lesson (``chapters/``) with those outputs attached cell by cell,
which is allowed only while its code is exactly the code that ran; prose
may have changed since.  A lesson whose code changed after its run stops
the build and names the ``make results`` that refreshes it.

The pages keep the repository's paths (``chapters/01-tensors/...``,
``docs/learners.md``), so the links between them resolve as they do on
GitHub, and Colab and Binder open the very notebook a page shows.  Links to
files that are not pages (the Makefile, a test) point to the repository.

Usage:  python -m dlcourse.website [--out build/site]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from . import notebooks
from .layout import BUILD, CHAPTERS, ROOT, all_chapters
from .qa.results import RESULTS, TABLE_JSON

CONFIGURATION = ROOT / "website"
SOURCE = BUILD / "site-source"
OUT = BUILD / "site"
GUIDES = ROOT / "docs"
FRONT = Path("README.md")  # the front page
GUIDE_ORDER = ("learners", "instructors", "authors", "maintainers", "gpu", "environment")
# Where Colab, Binder and links to files that are not pages point: the
# workflows set it to the repository they run in.
REPOSITORY_VARIABLE = "DLCOURSE_SITE_REPOSITORY"
DEFAULT_REPOSITORY = "https://github.com/dl-course/dl-course"
BRANCH = "main"
INJECTED = "injected-parameters"  # papermill's cell with the run's parameters
MARKDOWN_LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)(\))")


class SiteError(Exception):
    """The site cannot be built as asked; the message says what to do."""


def repository() -> str:
    return (os.environ.get(REPOSITORY_VARIABLE) or DEFAULT_REPOSITORY).rstrip("/")


def results_runs(results_json: Path) -> dict:
    if not results_json.exists():
        raise SiteError(f"{results_json} is missing: run `make results` (the lessons in full mode) first")
    return json.loads(results_json.read_text())["runs"]


def executed_lesson(chapter, runs: dict, results_dir: Path) -> tuple[nbformat.NotebookNode, dict]:
    """The executed copy behind the results table, and its run's record."""
    run = runs.get(chapter.name)
    if run is None or not run.get("executed"):
        raise SiteError(f"results.json has no run of {chapter.name}: run `make results CHAPTER={chapter.number}`")
    if run.get("mode") != "full" or run.get("error"):
        why = f"stopped with {run['error']!r}" if run.get("error") else f"ran in {run.get('mode')} mode"
        raise SiteError(f"the recorded run of {chapter.name} {why}; the site shows full-mode outputs: "
                        f"run `make results CHAPTER={chapter.number}`")
    path = results_dir / run["executed"]
    if not path.exists():
        raise SiteError(f"{path} is missing: run `make results CHAPTER={chapter.number}`")
    return notebooks.read(path), run


def with_outputs(lesson: nbformat.NotebookNode, executed: nbformat.NotebookNode,
                 name: str = "the lesson") -> nbformat.NotebookNode:
    """``lesson`` with the outputs of ``executed``, code cell by code cell,
    and papermill's parameters cell after the lesson's own.  Refuses when the
    code differs: outputs belong to the code that produced them."""
    ran = [c for c in executed.cells if c.cell_type == "code" and INJECTED not in c.metadata.get("tags", [])]
    injected = [c for c in executed.cells if INJECTED in c.metadata.get("tags", [])]
    code = [c for c in lesson.cells if c.cell_type == "code"]
    if len(ran) != len(code):
        raise SiteError(f"{name} has {len(code)} code cells, its full-mode run {len(ran)}")
    for number, (mine, theirs) in enumerate(zip(code, ran), start=1):
        if mine.source != theirs.source:
            raise SiteError(f"code cell {number} of {name} changed since its full-mode run; first line now: "
                            f"{mine.source.splitlines()[0] if mine.source else '(empty)'!r}")
    shown = copy.deepcopy(lesson)
    outputs = iter(ran)
    cells = []
    for cell in shown.cells:
        if cell.cell_type == "code":
            theirs = next(outputs)
            cell.outputs, cell.execution_count = copy.deepcopy(theirs.outputs), theirs.execution_count
        cells.append(cell)
        if "parameters" in cell.metadata.get("tags", []):
            cells.extend(copy.deepcopy(injected))
    shown.cells = cells
    return shown


def run_note(run: dict) -> nbformat.NotebookNode:
    minutes = run["seconds"] / 60
    return nbformat.v4.new_markdown_cell(
        f"> **The outputs on this page** come from the full-mode run of {run['started']} UTC on "
        f"{run['device']['name']} (TensorFlow {run['device']['tensorflow']}), which took {minutes:.1f} "
        f"minutes; its figures are in the [results table](../../results/results.md). To run the lesson "
        f"yourself, download it or open it in Colab or Binder (the buttons at the top of the page).")


def rewrite_links(text: str, page: Path, pages: set[Path]) -> str:
    """Relative links of the page at repository path ``page``: kept when
    they lead to another page of the site, else sent to the repository."""
    def rewrite(match: re.Match) -> str:
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
            return match.group(0)
        path, _, anchor = target.partition("#")
        resolved = Path(os.path.normpath(page.parent / path))
        if resolved == FRONT:  # README.md is the site's front page, index.md
            index = os.path.relpath("index.md", page.parent.as_posix() or ".")
            return f"{match.group(1)}{index}{'#' + anchor if anchor else ''}{match.group(3)}"
        if resolved in pages or resolved.parts[:1] == ("..",):
            return match.group(0)
        kind = "tree" if (ROOT / resolved).is_dir() else "blob"
        url = f"{repository()}/{kind}/{BRANCH}/{resolved.as_posix()}" + (f"#{anchor}" if anchor else "")
        return f"{match.group(1)}{url}{match.group(3)}"
    return MARKDOWN_LINK.sub(rewrite, text)


def for_the_page(notebook: nbformat.NotebookNode, page: Path, pages: set[Path]) -> nbformat.NotebookNode:
    """Links rewritten, and what JupyterLab shows folded (a worked answer)
    folded on the page too, behind a "show" button."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = rewrite_links(cell.source, page, pages)
        folded = cell.metadata.get("jupyter", {})
        source, outputs = folded.get("source_hidden"), folded.get("outputs_hidden")
        tag = "hide-cell" if source and outputs else "hide-input" if source else "hide-output" if outputs else None
        if tag:
            cell.metadata.setdefault("tags", []).append(tag)
    return notebook


def table_of_contents(chapters, guides: list[Path]) -> str:
    """Hidden toctrees: the sidebar follows the chapter order, then the
    results and the guides (by audience, then any other page)."""
    blocks = []
    for chapter in chapters:
        # "# Chapter 01 · Tensors and automatic differentiation — lesson" -> "01 · Tensors and ..."
        heading = notebooks.read(chapter.lesson).cells[0].source.splitlines()[0]
        caption = re.sub(r"^#\s*(Chapter\s+)?|\s+—\s+lesson\s*$", "", heading)
        blocks.append((caption, [
            f"Lesson <chapters/{chapter.name}/{chapter.lesson.stem}>",
            f"Assignment <chapters/{chapter.name}/{chapter.assignment.stem}>"]))
    blocks.append(("Results", ["Lesson results <results/results>"]))
    order = [*GUIDE_ORDER, *sorted(p.stem for p in guides if p.stem not in GUIDE_ORDER)]
    blocks.append(("Guides", [f"docs/{stem}" for stem in order if Path("docs", stem + ".md") in guides]))
    return "\n".join(
        f"```{{toctree}}\n:hidden:\n:caption: {caption}\n\n" + "\n".join(entries) + "\n```\n"
        for caption, entries in blocks)


def stage(source: Path = SOURCE, results_dir: Path = RESULTS) -> list[Path]:
    """Lay out the site's sources under ``source``; return its pages'
    repository paths."""
    chapters = all_chapters()
    runs = results_runs(results_dir / TABLE_JSON)
    if source.exists():
        shutil.rmtree(source)
    lessons = {Path("chapters", c.name, c.lesson.name): c for c in chapters}
    assignments = [Path("chapters", c.name, c.assignment.name) for c in chapters]
    guides = [p.relative_to(ROOT) for p in sorted(GUIDES.glob("*.md"))]
    results_page = Path("results", "results.md")
    pages = {*lessons, *assignments, *guides, results_page}

    for page, chapter in lessons.items():
        executed, run = executed_lesson(chapter, runs, results_dir)
        try:
            shown = with_outputs(notebooks.read(ROOT / page), executed, page.as_posix())
        except SiteError as stale:
            raise SiteError(f"{stale}: run `make results CHAPTER={chapter.number}` to show its outputs") from None
        shown.cells.insert(1, run_note(run))
        write_notebook(source / page, for_the_page(shown, page, pages))
    for page in assignments:  # exactly as released: the download is the file a learner hands in
        (source / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / page, source / page)
    for page in [*guides, results_page]:
        (source / page).parent.mkdir(parents=True, exist_ok=True)
        (source / page).write_text(rewrite_links((ROOT / page).read_text(), page, pages))
    front = rewrite_links((ROOT / FRONT).read_text(), FRONT, pages)
    (source / "index.md").write_text(front + "\n" + table_of_contents(chapters, guides))
    return sorted(pages)


def write_notebook(path: Path, notebook: nbformat.NotebookNode) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


def build(out: Path = OUT, source: Path = SOURCE, results_dir: Path = RESULTS) -> float:
    """Stage and build the site into ``out``; return the seconds it took.
    Sphinx's warnings (a broken link, a missing page) fail the build."""
    start = time.perf_counter()
    stage(source, results_dir)
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(CONFIGURATION), "-W", "--keep-going",
               "-q", "-d", str(source.parent / "site-doctrees"), str(source), str(out)]
    finished = subprocess.run(command, env={**os.environ, "PYTHONHASHSEED": "0"})
    if finished.returncode != 0:
        raise SiteError(f"sphinx-build failed (exit {finished.returncode}); its messages are above")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the HTML goes (default: build/site)")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="the folder with results.json and executed/ (default: results)")
    arguments = parser.parse_args(argv)
    try:
        seconds = build(arguments.out, results_dir=arguments.results)
    except SiteError as problem:
        print(f"make site: {problem}", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in arguments.out.rglob("*") if p.is_file())
    print(f"Built the site in {seconds:.0f} s: {arguments.out}/index.html ({size / 2**20:.1f} MB). "
          f"Preview it with `make site-serve`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
