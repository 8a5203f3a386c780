"""`make data`: Fashion-MNIST lands where Keras looks, from the best source
available, checked, and with a clear message when there is none."""

import functools
import gzip
import http.server
import importlib.util
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dlcourse.layout import ROOT

SCRIPT = ROOT / "data" / "provision.py"
CATALOGUE = json.loads((ROOT / "data" / "datasets.json").read_text())
FASHION = CATALOGUE["fashion-mnist"]
DEBIAN_DIR = Path(FASHION["debian_dir"])

spec = importlib.util.spec_from_file_location("provision", SCRIPT)
provision = importlib.util.module_from_spec(spec)
sys.modules["provision"] = provision  # dataclasses look their module up here
spec.loader.exec_module(provision)

# Where `make data` left the real files (looked up before any test changes KERAS_HOME).
REAL_FILES = DEBIAN_DIR if DEBIAN_DIR.is_dir() else provision.keras_home() / FASHION["keras_cache_subdir"]


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    home = tmp_path / "keras-home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


@pytest.fixture(scope="module")
def original_files(tmp_path_factory):
    """A folder with the four real files, as the Debian package ships them."""
    if not all((REAL_FILES / name).is_file() for name in FASHION["files"]):
        pytest.fail(f"Fashion-MNIST is not provisioned; run `make data` first (looked in {REAL_FILES})")
    folder = tmp_path_factory.mktemp("debian")
    for name in FASHION["files"]:
        shutil.copyfile(REAL_FILES / name, folder / name)
    return folder


def run_script(*args, env_home):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
        env={"KERAS_HOME": str(env_home), "PATH": "/usr/bin:/bin"},
    )


def cache_dir(home):
    return home / FASHION["keras_cache_subdir"]


def test_copies_the_debian_files_into_the_keras_cache_and_is_idempotent(keras_home, original_files):
    first = run_script("--debian-dir", str(original_files), "--no-download", env_home=keras_home)
    assert first.returncode == 0, first.stderr
    assert f"copied from {original_files}" in first.stdout
    for name in FASHION["files"]:
        assert (cache_dir(keras_home) / name).is_file()

    second = run_script("--debian-dir", str(original_files), "--no-download", env_home=keras_home)
    assert second.returncode == 0, second.stderr
    assert "copied" not in second.stdout
    assert second.stdout.count("already in the Keras cache") == len(FASHION["files"])


@pytest.mark.slow
def test_keras_loads_the_provisioned_data_without_a_network(keras_home, original_files):
    assert run_script("--debian-dir", str(original_files), "--no-download", env_home=keras_home).returncode == 0
    code = (
        "import keras; (x, y), (xt, yt) = keras.datasets.fashion_mnist.load_data();"
        "print(x.shape, xt.shape, y.max())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True,
        env={"KERAS_HOME": str(keras_home), "TF_CPP_MIN_LOG_LEVEL": "3",
             # any download attempt would fail loudly instead of hanging
             "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(60000, 28, 28) (10000, 28, 28) 9"


def test_a_damaged_cache_file_is_set_aside_and_replaced(keras_home, original_files):
    target = cache_dir(keras_home) / "t10k-labels-idx1-ubyte.gz"
    target.parent.mkdir(parents=True)
    damaged = gzip.compress(b"not the labels")
    target.write_bytes(damaged)

    result = run_script("--debian-dir", str(original_files), "--no-download", env_home=keras_home)

    assert result.returncode == 0, result.stderr
    assert provision.problem_with(target, FASHION["files"][target.name]) is None
    assert target.with_name(target.name + ".bad").read_bytes() == damaged


def test_no_source_gives_instructions_not_a_traceback(keras_home, tmp_path):
    result = run_script("--debian-dir", str(tmp_path / "nothing-here"), "--no-download", env_home=keras_home)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "sudo apt-get install dataset-fashion-mnist" in result.stderr
    assert str(cache_dir(keras_home)) in result.stderr
    assert "then run `make data` again" in result.stderr


def test_check_mode_reports_without_writing(keras_home, original_files):
    result = run_script("--check", "--debian-dir", str(original_files), env_home=keras_home)
    assert result.returncode == 1
    assert not cache_dir(keras_home).exists() or not any(cache_dir(keras_home).iterdir())


class _Server:
    """A loopback HTTP server that serves one folder."""

    def __init__(self, folder):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def catalogue_downloading_from(*urls):
    catalogue = json.loads(json.dumps(CATALOGUE))
    catalogue["fashion-mnist"]["download_base_urls"] = list(urls)
    return catalogue


def test_downloads_and_verifies_when_nothing_local(keras_home, original_files, tmp_path, capsys):
    tampered = tmp_path / "tampered"
    tampered.mkdir()
    for name in FASHION["files"]:
        (tampered / name).write_bytes(gzip.compress(b"something else"))
    bad, good = _Server(tampered), _Server(original_files)
    try:
        ok = provision.provision(catalogue_downloading_from(bad.url, good.url),
                                 debian_dir=tmp_path / "no-debian")
    finally:
        bad.close()
        good.close()

    out = capsys.readouterr().out
    assert ok
    # the tampered mirror came first and was refused; the good one was used
    assert out.count(f"downloaded from {good.url}") == len(FASHION["files"])
    for name, expected in FASHION["files"].items():
        assert provision.problem_with(cache_dir(keras_home) / name, expected) is None


def test_a_download_that_fails_the_checksum_is_never_installed(keras_home, tmp_path, capsys):
    tampered = tmp_path / "tampered"
    tampered.mkdir()
    for name in FASHION["files"]:
        (tampered / name).write_bytes(gzip.compress(b"something else"))
    server = _Server(tampered)
    try:
        ok = provision.provision(catalogue_downloading_from(server.url), debian_dir=tmp_path / "no-debian")
    finally:
        server.close()

    assert not ok
    assert "checksum mismatch" in capsys.readouterr().err
    assert not any(cache_dir(keras_home).glob("*.gz"))
