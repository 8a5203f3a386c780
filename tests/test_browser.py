"""The course as a learner and an instructor meet it, in a real browser:
headless Chromium (Debian's) driven by Playwright against `make lab` and
`make formgrader` on localhost.

A learner opens the chapter 01 lesson, runs every cell and sees a plot and
no error; opens the chapter 01 assignment and presses Validate, which
reports failures for the blank release and success once it is solved, and
reveals an exercise's hints one at a time; an instructor opens the
formgrader.  Screenshots are kept in
build/screenshots/ for a maintainer to look at."""

import os
import re
import time

import nbformat
import pytest

from helpers import ASSIGNED, SCREENSHOTS, JupyterLab, screenshot
from dlcourse import notebooks
from dlcourse.grading.samples import solved_submission
from dlcourse.layout import CHAPTERS, ROOT

# works in chapters/01-tensors, like test_lab: on the same xdist worker as the tests that read chapters/
pytestmark = [pytest.mark.notebooks, pytest.mark.xdist_group("chapters-folder")]

LESSON = CHAPTERS / "01-tensors" / "01-tensors-lesson.ipynb"
CHAPTER = ASSIGNED[0]


def open_notebook(page, lab, relative):
    # ?reset: a fresh workspace, not the tabs JupyterLab kept from the last test
    page.goto(f"{lab.url}/lab/tree/{relative}?reset&token={lab.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached")
    # the kernel is ready when the toolbar's status reads idle
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", state="attached")


def run_menu(page, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


RUN_STATE = """selector => {
    const prompts = [...document.querySelectorAll(selector + ' .jp-InputPrompt')].map(p => p.textContent.trim());
    const errors = [...document.querySelectorAll(
        selector + ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(e => e.textContent).filter(text => text.includes('Traceback'));
    const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return {prompts, errors, kernel: status ? status.getAttribute('data-status') : null};
}"""


# A worked answer's input is folded (source_hidden): JupyterLab shows a
# placeholder in its place, whose prompt stays empty, so it cannot report
# its execution count.
UNFOLDED_CODE_CELLS = ".jp-CodeCell:not(:has(.jp-InputPlaceholder))"


def has_run(prompt):
    return re.fullmatch(r"\[\d+\]:?", prompt) is not None


def wait_until_run(page, cells=UNFOLDED_CODE_CELLS, seconds=600, lab=None, on_stall=None):
    """Every code cell of ``cells`` has an execution count; none is left
    waiting ([*]).  A traceback stops Run All: say so at once, with the
    error, instead of waiting out the clock; on a timeout, say which cells
    never ran, and keep a screenshot and the server's log.  ``on_stall``
    is called once if the kernel sits idle for two minutes with cells
    that never started (a Run All the page did not act on)."""
    deadline = time.monotonic() + seconds
    last_prompts, last_change = None, time.monotonic()
    while True:
        state = page.evaluate(RUN_STATE, cells)
        prompts = state["prompts"]
        if prompts and all(has_run(p) for p in prompts):
            return
        if prompts != last_prompts:
            last_prompts, last_change = prompts, time.monotonic()
        stalled = (state["kernel"] == "idle" and not any("*" in p for p in prompts)
                   and time.monotonic() - last_change > 120)
        if stalled and on_stall is not None and not state["errors"]:
            screenshot(page, "run-stalled")
            never = sum(not has_run(p) for p in prompts)
            print(f"Run All stalled with the kernel idle: {never} cells never started; "
                  "asking once more (screenshot run-stalled.png)")
            on_stall()
            on_stall, last_change = None, time.monotonic()
        if state["errors"] and state["kernel"] == "idle":
            screenshot(page, "run-stopped-by-an-error")
            pytest.fail("a cell raised, so Run All stopped:\n" + state["errors"][0][-3000:])
        if time.monotonic() > deadline:
            screenshot(page, "run-timed-out")
            waiting = [f"cell {i + 1}: {p or '(no prompt)'}" for i, p in enumerate(prompts)
                       if not has_run(p)]
            pytest.fail(f"after {seconds} s the kernel is {state['kernel']!r} and "
                        f"{len(waiting)} of {len(prompts)} cells have not run: {waiting[:8]}"
                        + (f"\nserver log:\n{lab.log_tail()}" if lab else ""))
        time.sleep(2)


def run_all_cells(page, lab=None):
    run_menu(page, "Run All Cells")
    wait_until_run(page, lab=lab, on_stall=lambda: run_menu(page, "Run All Cells"))


@pytest.fixture
def keeps_chapters_clean():
    """Working in chapters/ writes artifacts/, checkpoints and saved
    notebooks: afterwards, notebooks are as they were and what this test
    added is gone; a learner's own files are never touched."""
    before = {p: p.read_bytes() for p in CHAPTERS.rglob("*") if p.is_file()}
    yield
    for path in sorted(CHAPTERS.rglob("*"), reverse=True):
        if path.is_file() and path not in before:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for path, content in before.items():
        if path.suffix == ".ipynb" and path.read_bytes() != content:
            path.write_bytes(content)


@pytest.mark.usefixtures("keeps_chapters_clean")
def test_a_learner_runs_the_first_lesson_and_sees_a_plot_and_no_error(page, lab):
    open_notebook(page, lab, f"{LESSON.parent.name}/{LESSON.name}")
    run_all_cells(page, lab)
    screenshot(page, "01-lesson-ran")
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
                          has_text="Traceback")
    assert errors.count() == 0, errors.first.inner_text()[:2000]
    assert page.locator(".jp-OutputArea-output .jp-RenderedText", has_text=re.compile(r"\w+Error: ")).count() == 0
    images = page.locator(".jp-RenderedImage img")
    assert images.count() >= 1, "no plot was rendered"
    images.first.scroll_into_view_if_needed()
    assert images.first.evaluate("img => img.naturalWidth") > 100
    screenshot(page, "01-lesson-plot")
    assert page.get_by_text("get notified about official Jupyter news").count() == 0, "the news pop-up is back"


TENSORBOARD_LESSON = CHAPTERS / "04-callbacks-and-saving" / "04-callbacks-and-saving-lesson.ipynb"


@pytest.mark.usefixtures("keeps_chapters_clean")
def test_tensorboard_opens_in_the_lab_on_the_logs_the_lesson_wrote(page, lab):
    open_notebook(page, lab, f"{TENSORBOARD_LESSON.parent.name}/{TENSORBOARD_LESSON.name}")
    # everything up to %tensorboard; the lesson's "Stop TensorBoard" section comes after
    stop_section = page.locator(".jp-MarkdownCell", has_text="Stop TensorBoard").first
    stop_section.locator(".jp-InputPrompt").click()
    run_menu(page, "Run All Above Selected Cell")
    board = page.frame_locator(".jp-OutputArea-output iframe").first
    # the training runs the lesson logged under artifacts/logs, listed by TensorBoard itself
    board.get_by_text(re.compile(r"mlp-adam-\d{8}-\d{6}")).first.wait_for(timeout=300_000)
    board.get_by_text(re.compile(r"sgd-lr0\.01-")).first.wait_for()
    page.locator(".jp-OutputArea-output iframe").first.scroll_into_view_if_needed()
    screenshot(page, "04-lesson-tensorboard")
    # beyond scalars: the SGD runs' weight histograms (histogram_freq=1), shown by the
    # Histograms and Distributions tabs; the dashboards of tabs already visited stay in the
    # DOM, hidden, so every wait below is for a visible element
    board.get_by_role("tab", name=re.compile(r"^histograms$", re.I)).click()
    board.locator("tf-histogram-loader", has_text="mlp/hidden1/kernel").first.wait_for()
    screenshot(page, "04-lesson-tensorboard-histograms")
    board.get_by_role("tab", name=re.compile(r"^distributions$", re.I)).click()
    board.locator("tf-distribution-loader", has_text="mlp/hidden1/kernel").first.wait_for()
    # and the confusion matrix the lesson's callback wrote with tf.summary.image, decoded
    board.get_by_role("tab", name=re.compile(r"^images$", re.I)).click()
    image = board.locator("tf-image-loader", has_text="confusion_matrix").locator("img").first
    image.wait_for()
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 100
    screenshot(page, "04-lesson-tensorboard-images")
    # then the lesson's own last cells stop the TensorBoard server it started
    stop_section.locator(".jp-InputPrompt").click()
    run_menu(page, "Run Selected Cell and All Below")
    wait_until_run(page)
    stop_output = page.locator(".jp-CodeCell", has_text="manager.get_all()").inner_text()
    assert re.search(r"stopped TensorBoard process\(es\): \[\d+", stop_output), stop_output[-500:]


def validate(page):
    page.locator(".jp-NotebookPanel:visible .validate-button").click()
    dialog = page.locator(".jp-Dialog", has_text="Validation Results")
    dialog.wait_for(timeout=600_000)
    text = dialog.inner_text()
    return dialog, text


@pytest.mark.usefixtures("keeps_chapters_clean")
def test_validate_in_the_lab_fails_the_blank_assignment(page, lab):
    open_notebook(page, lab, f"{CHAPTER.name}/{CHAPTER.assignment.name}")
    _, text = validate(page)
    screenshot(page, "01-assignment-validate-blank")
    assert re.search(r"The following (\d+ )?cells? failed", text), text[:2000]
    assert "Success" not in text


@pytest.mark.usefixtures("keeps_chapters_clean")
def test_validate_in_the_lab_passes_the_solved_assignment(page, lab):
    released = CHAPTER.release / CHAPTER.assignment.name
    solved = solved_submission(notebooks.read(released), notebooks.read(CHAPTER.assignment))
    # the lab sees only chapters/, so the solved copy sits beside the release for this test
    probe = CHAPTER.release / f"browser-probe-{os.getpid()}.ipynb"
    nbformat.write(solved, probe)
    open_notebook(page, lab, f"{CHAPTER.name}/{probe.name}")
    _, text = validate(page)
    screenshot(page, "01-assignment-validate-solved")
    assert "Success! Your notebook passes all the tests." in text, text[:2000]


@pytest.mark.usefixtures("keeps_chapters_clean")
def test_a_learner_reveals_an_exercises_hints_one_at_a_time(page, lab):
    """Hints are folded in the released assignment: only Hint 1 shows, and
    opening it shows Hint 2 (dlcourse.exercises.parse_hints)."""
    open_notebook(page, lab, f"{CHAPTER.name}/{CHAPTER.assignment.name}")
    cell = page.locator(".jp-MarkdownCell", has=page.locator("summary", has_text=re.compile(r"^\s*Hint 2\s*$"))).first
    cell.scroll_into_view_if_needed()
    first = cell.locator("summary", has_text=re.compile(r"^\s*Hint 1\s*$"))
    second = cell.locator("summary", has_text=re.compile(r"^\s*Hint 2\s*$"))
    assert first.is_visible() and not second.is_visible(), "before any click, only Hint 1 should show"
    first.click()
    second.wait_for(state="visible", timeout=10_000)
    screenshot(page, "01-assignment-hint-opened")
    third = cell.locator("summary", has_text=re.compile(r"^\s*Hint 3\s*$"))
    assert third.count() == 0 or not third.is_visible(), "Hint 3 should wait until Hint 2 is open"


def test_an_instructor_opens_the_formgrader(page):
    formgrader = JupyterLab(target="formgrader")
    try:
        formgrader.wait_until_up()
        page.goto(f"{formgrader.url}/formgrader?token={formgrader.token}")
        # the formgrader lists the course's assignments from solutions/ once it has loaded them
        page.locator("table.dataTable", has_text=CHAPTER.name).wait_for()
        screenshot(page, "formgrader")
        body = page.inner_text("body")
        assert "Manage Assignments" in body and "Manual Grading" in body
        assert all(c.name in body for c in ASSIGNED), body[:2000]
    finally:
        formgrader.stop()


def test_screenshots_are_git_ignored():
    import subprocess

    result = subprocess.run(["git", "check-ignore", "-q", str(SCREENSHOTS / "x.png")], cwd=ROOT)
    assert result.returncode == 0
