"""Collecting a class from a learning-management system's "download all
submissions" zip: nbgrader's zip_collect sorts the files by student, and
dlcourse.grading.intake keeps times, earlier submissions and the zip itself
intact."""

import zipfile
from datetime import datetime, timezone

import nbformat
import pytest

from dlcourse.grading import cli, intake
from dlcourse.layout import Chapter

from helpers import file_digest, one_assignment_course

pytestmark = pytest.mark.grading

CHAPTER = Chapter("00-zip-probe")
NAME = CHAPTER.assignment.name


def notebook_bytes(answer):
    cell = nbformat.v4.new_code_cell(f"answer = {answer}", id=f"answer-{answer}")
    return nbformat.writes(nbformat.v4.new_notebook(cells=[cell])).encode()


def make_zip(path, files):
    """files: {path inside the zip: (bytes, (year, month, day, hour, minute, second))}"""
    with zipfile.ZipFile(path, "w") as archive:
        for inside, (data, when) in files.items():
            archive.writestr(zipfile.ZipInfo(inside, date_time=when), data)
    return path



@pytest.fixture
def course(tmp_path):
    cells = [nbformat.v4.new_code_cell("answer = None")]
    return one_assignment_course(tmp_path, CHAPTER, cells)[0]


def submitted(course, student):
    folder = course.submission_folder(CHAPTER, student)
    stamp = (folder / "timestamp.txt").read_text()
    return (folder / NAME).read_bytes(), stamp


def test_a_canvas_download_is_sorted_by_student_with_the_zip_times(course, tmp_path):
    download = make_zip(tmp_path / "submissions.zip", {
        f"lovelacea_1001_5001_{NAME}": (notebook_bytes(1), (2026, 11, 30, 21, 15, 0)),
        f"hopperg_LATE_1002_5002_{NAME}": (notebook_bytes(2), (2026, 12, 2, 8, 0, 30)),
        # Canvas keeps the name the learner uploaded, copies included
        "turinga_1003_5003_00-zip-probe-assignment-1.ipynb": (notebook_bytes(3), (2026, 11, 29, 10, 0, 0)),
        "turinga_1003_5004_notes.txt": (b"not a notebook", (2026, 11, 29, 10, 0, 0)),
        "__MACOSX/._lovelacea_1001_5001_x.ipynb": (b"junk", (2026, 11, 30, 21, 15, 0)),
    })
    before = file_digest(download)
    lines = []
    results = intake.collect_zip(course, CHAPTER, download, report=lines.append)

    assert sorted(results) == ["hopperg", "lovelacea", "turinga"]
    assert submitted(course, "lovelacea") == (notebook_bytes(1), "2026-11-30 21:15:00.000000 UTC")
    assert submitted(course, "hopperg") == (notebook_bytes(2), "2026-12-02 08:00:30.000000 UTC")
    assert submitted(course, "turinga")[0] == notebook_bytes(3), "a renamed upload is still collected"
    assert "collected from" in results["turinga"]
    assert file_digest(download) == before, "the download must not change"


def test_a_moodle_download_in_folders_uses_the_participant_number(course, tmp_path):
    download = make_zip(tmp_path / "moodle.zip", {
        f"Ada Lovelace_1001_assignsubmission_file_/{NAME}": (notebook_bytes(1), (2026, 11, 30, 9, 0, 0)),
        f"Grace Hopper_1002_assignsubmission_file_/{NAME}": (notebook_bytes(2), (2026, 11, 30, 9, 30, 0)),
    })
    results = intake.collect_zip(course, CHAPTER, download, report=lambda line: None)
    assert sorted(results) == ["1001", "1002"]
    assert submitted(course, "1002") == (notebook_bytes(2), "2026-11-30 09:30:00.000000 UTC")


def test_a_second_download_keeps_the_first_submission(course, tmp_path):
    first = make_zip(tmp_path / "first.zip", {
        f"lovelacea_1001_5001_{NAME}": (notebook_bytes(1), (2026, 11, 30, 9, 0, 0))})
    second = make_zip(tmp_path / "second.zip", {
        f"lovelacea_1001_5009_{NAME}": (notebook_bytes(9), (2026, 12, 1, 9, 0, 0))})
    intake.collect_zip(course, CHAPTER, first, report=lambda line: None)
    intake.collect_zip(course, CHAPTER, second, report=lambda line: None)
    assert submitted(course, "lovelacea")[0] == notebook_bytes(9)
    kept = list(course.replaced_dir.glob(f"*/lovelacea/{CHAPTER.name}/{NAME}"))
    assert [p.read_bytes() for p in kept] == [notebook_bytes(1)]


def test_an_unknown_layout_says_how_to_name_the_pattern(course, tmp_path):
    download = make_zip(tmp_path / "custom.zip", {
        f"week6/ada-{NAME}": (notebook_bytes(1), (2026, 11, 30, 9, 0, 0))})
    with pytest.raises(SystemExit, match="student_id") as raised:
        intake.collect_zip(course, CHAPTER, download, report=lambda line: None)
    assert f"week6/ada-{NAME}" in str(raised.value), "the message shows the names it could not read"

    pattern = r".*/(?P<student_id>[a-z]+)-(?P<file_id>00-zip-probe-assignment)\.ipynb$"
    results = intake.collect_zip(course, CHAPTER, download, names=pattern, report=lambda line: None)
    assert sorted(results) == ["ada"]
    assert submitted(course, "ada")[0] == notebook_bytes(1)


def test_a_pattern_without_the_student_group_is_refused(course, tmp_path):
    download = make_zip(tmp_path / "s.zip", {f"a_1_2_{NAME}": (notebook_bytes(1), (2026, 11, 30, 9, 0, 0))})
    with pytest.raises(SystemExit, match=r"\(\?P<student_id>"):
        intake.collect_zip(course, CHAPTER, download, names=r".*/(?P<file_id>.+)\.ipynb", report=print)


def test_a_damaged_zip_gets_a_clear_message_and_nothing_is_collected(course, tmp_path):
    damaged = tmp_path / "broken.zip"
    damaged.write_bytes(b"PK\x03\x04 this download was cut short")
    with pytest.raises(SystemExit, match="not a readable zip file"):
        intake.collect_zip(course, CHAPTER, damaged, report=lambda line: None)
    assert not (course.root / "submitted").exists()


def test_the_command_line_collects_a_zip(course, tmp_path, monkeypatch, capsys):
    download = make_zip(tmp_path / "submissions.zip", {
        f"lovelacea_1001_5001_{NAME}": (notebook_bytes(1), (2026, 11, 30, 21, 15, 0))})
    monkeypatch.setattr(cli, "one_chapter", lambda name: CHAPTER)
    monkeypatch.setattr(cli, "live_course", lambda root: course)
    assert cli.main(["collect", CHAPTER.name, str(download), "--names", "canvas"]) == 0
    assert "lovelacea: collected" in capsys.readouterr().out
    assert datetime(2026, 11, 30, 21, 15, tzinfo=timezone.utc) == intake.submission_time(
        course.submission_folder(CHAPTER, "lovelacea") / NAME)


def test_two_notebooks_of_one_student_without_times_stop_with_a_reason(course, tmp_path):
    # nbgrader cannot tell which of two same-named files is the newer without times in the names
    download = make_zip(tmp_path / "twice.zip", {
        f"a/lovelacea_1001_5001_{NAME}": (notebook_bytes(1), (2026, 11, 30, 9, 0, 0)),
        f"b/lovelacea_1001_5002_{NAME}": (notebook_bytes(2), (2026, 11, 30, 9, 5, 0)),
    })
    with pytest.raises(SystemExit, match="nothing was collected"):
        intake.collect_zip(course, CHAPTER, download, report=lambda line: None)
    assert not (course.root / "submitted").exists()
