"""The course website (`make site`, dlcourse.website): built from the
committed outputs of the lessons' full-mode run, without running a lesson;
those outputs come from the run behind results/results.json and from the
lessons' current code; nothing secret ships; and, in a real browser, every
lesson page shows its figures, the front page's and the navigation's
links resolve, a lesson downloads as its notebook, Colab and Binder open
the notebook a page shows, and search finds chapter 06.  Screenshots of
three pages are kept in build/screenshots/."""

import html
import http.server
import json
import re
import subprocess
import threading
import urllib.parse
from functools import partial
from html.parser import HTMLParser

import nbformat
import pytest

from helpers import ASSIGNED, CHAPTERS, SECRET_MARKERS, free_port, lines_of, public_lines, screenshot, secret_lines
from dlcourse import notebooks, website
from dlcourse.layout import ROOT
from dlcourse.qa.results import RESULTS, TABLE_JSON

RUNS = json.loads((RESULTS / TABLE_JSON).read_text())["runs"]
SIZE_BUDGET_BYTES = 20 * 2**20  # the executed lessons in all, as the repository carries them


def executed(chapter):
    return notebooks.read(RESULTS / RUNS[chapter.name]["executed"])


def code_of(notebook):
    return [c.source for c in notebook.cells
            if c.cell_type == "code" and website.INJECTED not in c.metadata.get("tags", [])]


# -- the executed lessons the repository carries --------------------------------------------

@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_each_executed_lesson_comes_from_the_run_behind_the_results_table(chapter):
    run = RUNS[chapter.name]
    assert run["mode"] == "full" and run["error"] is None, f"the recorded run of {chapter.name}: {run}"
    notebook = executed(chapter)
    started = notebook.metadata["papermill"]["start_time"][:16].replace("T", " ")
    assert started == run["started"], (
        f"{run['executed']} was started at {started}, the run in results.json at {run['started']}: "
        f"run `make results CHAPTER={chapter.number}` so the two come from one run")
    figures = {k: v for k, v in notebooks.headline_results(notebook).items()
               if isinstance(v, (int, float)) and not isinstance(v, bool)}
    assert figures == run["figures"], "the executed lesson's figures are not the table's"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_each_executed_lesson_ran_the_code_learners_get(chapter):
    """The site shows a lesson's outputs under its current code: a lesson
    whose code changed after its run needs `make results` again."""
    lesson = notebooks.read(chapter.release / chapter.lesson.name)
    assert code_of(executed(chapter)) == code_of(lesson), (
        f"{chapter.name}'s code changed since its full-mode run: run `make results CHAPTER={chapter.number}`")


def test_the_executed_lessons_are_committed_within_their_size_budget():
    paths = [RESULTS / run["executed"] for run in RUNS.values()]
    size = sum(p.stat().st_size for p in paths)
    assert size <= SIZE_BUDGET_BYTES, f"the executed lessons take {size / 2**20:.1f} MB, over 20 MB"
    tracked = subprocess.run(["git", "ls-files", "results/executed"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    assert sorted(tracked) == sorted(p.relative_to(ROOT).as_posix() for p in paths), (
        "results/executed/ should hold exactly the executed lessons (what they write stays ignored)")


# -- how pages are put together -------------------------------------------------------------

def lesson_and_run():
    chapter = CHAPTERS[0]
    return notebooks.read(chapter.release / chapter.lesson.name), executed(chapter)


def test_a_lesson_page_has_the_runs_outputs_under_the_lessons_cells():
    lesson, run = lesson_and_run()
    shown = website.with_outputs(lesson, run)
    assert [c.source for c in shown.cells if website.INJECTED not in c.metadata.get("tags", [])] == \
        [c.source for c in lesson.cells]
    assert sum(bool(c.get("outputs")) for c in shown.cells) == sum(bool(c.get("outputs")) for c in run.cells)
    parameters = [i for i, c in enumerate(shown.cells) if "parameters" in c.metadata.get("tags", [])]
    assert website.INJECTED in shown.cells[parameters[0] + 1].metadata["tags"], "the run's MODE follows the default"


def test_worked_answers_stay_folded_on_the_page():
    lesson, run = lesson_and_run()
    shown = website.for_the_page(website.with_outputs(lesson, run), website.Path("chapters/x.ipynb"), set())
    answers = [c for c in shown.cells if "worked-answer" in c.metadata.get("tags", [])]
    assert answers and all("hide-cell" in c.metadata["tags"] for c in answers)


def test_outputs_are_refused_under_code_that_did_not_produce_them():
    lesson, run = lesson_and_run()
    edited = next(c for c in lesson.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", []))
    edited.source += "\nprint('a line added after the run')"
    with pytest.raises(website.SiteError, match="changed since its full-mode run"):
        website.with_outputs(lesson, run)


def test_a_smoke_mode_run_is_refused(tmp_path):
    chapter = CHAPTERS[0]
    smoke = {**RUNS, chapter.name: {**RUNS[chapter.name], "mode": "smoke"}}
    with pytest.raises(website.SiteError, match=f"make results CHAPTER={chapter.number}"):
        website.executed_lesson(chapter, smoke, RESULTS)


def test_links_lead_to_pages_or_to_the_repository(monkeypatch):
    monkeypatch.setenv(website.REPOSITORY_VARIABLE, "https://github.com/example/course")
    pages = {website.Path("docs/learners.md"), website.Path("chapters/01-tensors/01-tensors-lesson.ipynb")}
    page = website.Path("docs/instructors.md")
    text = ("[a page](learners.md#data) [the front page](../README.md#start-here) [a file](../Makefile) "
            "[a folder](../tests) [a lesson](../chapters/01-tensors/01-tensors-lesson.ipynb) "
            "[the web](https://keras.io) [here](#grading)")
    assert website.rewrite_links(text, page, pages) == (
        "[a page](learners.md#data) [the front page](../index.md#start-here) "
        "[a file](https://github.com/example/course/blob/main/Makefile) "
        "[a folder](https://github.com/example/course/tree/main/tests) "
        "[a lesson](../chapters/01-tensors/01-tensors-lesson.ipynb) [the web](https://keras.io) [here](#grading)")


# -- the built site -------------------------------------------------------------------------

def site_tests(test):
    """Tests of the built site: slow, and on one pytest-xdist worker, which builds it once."""
    return pytest.mark.slow(pytest.mark.xdist_group("site")(test))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("site")
    website.build(scratch / "html", source=scratch / "source")
    return scratch / "html"


class TextOf(HTMLParser):
    """A page's text as a reader sees it: a code line that Pygments split
    into spans is one line again, and entities are decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def shipped_text(path):
    if path.suffix == ".html":
        parser = TextOf()
        parser.feed(path.read_text(errors="replace"))
        return "".join(parser.parts)
    if path.suffix == ".ipynb":
        return "\n".join(cell.source for cell in notebooks.read(path).cells)
    return path.read_text(errors="replace")


TEXT_FILES = {".html", ".ipynb", ".js", ".css", ".txt", ".md", ".json", ".svg", ".map"}


def lines_shipped(folder):
    """Every line of every text file under ``folder``, as a reader would see it."""
    lines = set()
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in TEXT_FILES:
            lines |= lines_of(shipped_text(path))
    return lines


@pytest.fixture(scope="module")
def public():
    return public_lines()


@pytest.fixture(scope="module")
def site_lines(site):
    return lines_shipped(site)


@site_tests
@pytest.mark.parametrize("chapter", ASSIGNED, ids=lambda c: c.name)
def test_no_solution_or_hidden_test_ships_with_the_site(site, site_lines, chapter, public):
    secret = secret_lines(chapter, public)
    assert secret, "found no solution lines to look for"
    leaked = sorted(secret & site_lines)
    assert not leaked, f"solution or hidden-test lines of {chapter.name} are on the site: {leaked[:5]}"
    for path in [*site.glob(f"chapters/{chapter.name}/*.html"), *site.glob(f"_sources/chapters/{chapter.name}/*")]:
        text = shipped_text(path)
        assert not [m for m in SECRET_MARKERS if m in text], f"{path.relative_to(site)} has nbgrader's markers"


@site_tests
def test_the_leak_scan_finds_a_planted_solution_line(site, public, tmp_path):
    chapter = ASSIGNED[0]
    page = site / "chapters" / chapter.name / f"{chapter.assignment.stem}.html"
    line = sorted(secret_lines(chapter, public))[0]
    # as Pygments would show it: the line split into spans, its characters escaped
    shown = f"<pre><span>{html.escape(line[:5])}</span>{html.escape(line[5:])}</pre>"
    (tmp_path / page.name).write_text(page.read_text().replace("</article>", shown + "</article>", 1))
    assert line not in lines_shipped(page.parent)
    assert line in lines_shipped(tmp_path)


@site_tests
def test_assignments_are_shown_as_released(site):
    for chapter in ASSIGNED:
        shipped = notebooks.read(site / "_sources" / "chapters" / chapter.name / chapter.assignment.name)
        assert shipped == notebooks.read(chapter.release / chapter.assignment.name)
        assert not any(c.get("outputs") for c in shipped.cells)


# -- in a browser ---------------------------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site):
    """The built site on a local HTTP server, as GitHub Pages serves it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def lesson_url(served, chapter):
    return f"{served}/chapters/{chapter.name}/{chapter.lesson.stem}.html"


RENDERED_FIGURES = """() => [...document.querySelectorAll('.cell_output img')]
    .filter(img => img.complete && img.naturalWidth > 0).length"""


@site_tests
def test_every_lesson_page_shows_its_figures_and_the_run_they_come_from(served, page):
    for chapter in CHAPTERS:
        page.goto(lesson_url(served, chapter))
        page.wait_for_load_state("load")
        assert page.evaluate(RENDERED_FIGURES) >= 1, f"{chapter.name}: no figure rendered"
        run = RUNS[chapter.name]
        note = page.locator("article").inner_text()
        assert run["started"] in note and run["device"]["name"] in note, f"{chapter.name}: the run is not named"
        if chapter.number == "06":
            screenshot(page, "site-lesson-06")
            page.locator(".cell_output img").first.scroll_into_view_if_needed()
            screenshot(page, "site-lesson-06-figure")


LINKS = """selector => [...document.querySelectorAll(selector)].map(a => a.href)"""


@site_tests
def test_every_link_on_the_front_page_and_in_the_navigation_resolves(served, page):
    page.goto(served + "/index.html")
    screenshot(page, "site-front-page")
    links = set(page.evaluate(LINKS, "article a[href], nav.bd-docs-nav a[href]"))
    internal = sorted(link for link in links if link.startswith(served))
    external = sorted(link for link in links if not link.startswith(served))
    lessons = {lesson_url(served, c) for c in CHAPTERS}
    assert lessons <= {link.split("#")[0] for link in internal}, "the front page links every lesson"
    navigation = page.evaluate(LINKS, "nav.bd-docs-nav a[href]")
    chapters_in_order = [link for link in navigation if "/chapters/" in link]
    assert chapters_in_order == [f"{served}/chapters/{c.name}/{notebook.stem}.html"
                                 for c in CHAPTERS for notebook in (c.lesson, c.assignment)], (
        "the navigation should list each chapter's lesson then its assignment, in chapter order")
    broken = []
    for link in internal:
        address, _, anchor = link.partition("#")
        response = page.request.get(address)
        if not response.ok:
            broken.append(f"{link}: HTTP {response.status}")
        elif anchor and f'id="{urllib.parse.unquote(anchor)}"' not in response.text():
            broken.append(f"{link}: no such anchor")
    assert not broken, "\n".join(broken)
    repository = website.repository()
    stray = [link for link in external if link.startswith("https://github.com") and not link.startswith(repository)]
    assert not stray, f"links to GitHub outside the course's repository: {stray}"
    for link in external:  # offline, a link to the repository can be checked against the clone
        if link.startswith(f"{repository}/blob/{website.BRANCH}/") or link.startswith(f"{repository}/tree/"):
            path = re.sub(r"^.*?/(blob|tree)/[^/]+/", "", link).split("#")[0]
            assert (ROOT / path).exists(), f"{link} names a file the repository does not have"


@site_tests
def test_a_lesson_downloads_as_its_notebook_with_outputs(served, page):
    chapter = CHAPTERS[0]
    page.goto(lesson_url(served, chapter))
    download = page.locator("a.btn-download-source-button").get_attribute("href")
    response = page.request.get(urllib.parse.urljoin(page.url, download))
    assert response.ok
    notebook = nbformat.reads(response.text(), as_version=4)
    assert code_of(notebook) == code_of(notebooks.read(chapter.release / chapter.lesson.name))
    assert any("image/png" in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))


@site_tests
def test_colab_and_binder_open_the_notebook_a_page_shows(served, page):
    repository = urllib.parse.urlparse(website.repository()).path.strip("/")
    for chapter in CHAPTERS:
        for notebook in (chapter.lesson, chapter.assignment):
            page.goto(f"{served}/chapters/{chapter.name}/{notebook.stem}.html")
            path = f"chapters/{chapter.name}/{notebook.name}"
            links = page.evaluate(LINKS, "a[href]")
            assert f"https://colab.research.google.com/github/{repository}/blob/{website.BRANCH}/{path}" in links
            assert any(link.startswith(f"https://mybinder.org/v2/gh/{repository}/{website.BRANCH}?")
                       and link.endswith(f"lab/tree/{path}") for link in links), f"{path}: no Binder link"


@site_tests
def test_search_finds_a_term_from_chapter_06(served, page):
    page.goto(f"{served}/search.html?q=equivariance")
    found = page.locator("#search-results a[href*='06-convolutional-networks-lesson']")
    found.first.wait_for()
    screenshot(page, "site-search")
    assert found.count() >= 1


@site_tests
def test_each_page_shows_one_search_field(served, page):
    """The sidebar's; the base theme would add a second one in a bar of its own."""
    for url in (f"{served}/index.html", lesson_url(served, CHAPTERS[0])):
        page.goto(url)
        page.wait_for_load_state("load")
        fields = page.locator(".search-button-field:visible")
        assert fields.count() == 1, f"{url}: {fields.count()} search fields shown"
        assert page.locator(".bd-sidebar-primary .search-button-field:visible").count() == 1
