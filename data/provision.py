#!/usr/bin/env python3
"""Put the course's data sets where Keras looks for them, so that
``keras.datasets.fashion_mnist.load_data()`` never needs the network.

For every file listed in ``datasets.json`` (beside this script) it tries, in
order:

1. the Keras cache, if the file there is already intact;
2. the Debian package (``apt-get install dataset-fashion-mnist``);
3. a download from the sources in ``datasets.json``.

Every candidate is checked against the SHA-256 of its *decompressed* bytes:
Debian re-compressed the original files, so their ``.gz`` bytes differ from
the download, but the IDX data inside is identical.  Nothing is written
until a file has passed the check.

Usage:  python data/provision.py [--check] [--debian-dir DIR] [--no-download]

Only the standard library is used, so this runs before ``make setup`` and in
the student bundle.  Exit status: 0 when every data set is in place, 1 when
one could not be provisioned (the message says what to do), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CATALOGUE = Path(__file__).resolve().with_name("datasets.json")
DOWNLOAD_TIMEOUT_SECONDS = 30


def keras_home() -> Path:
    """The folder Keras caches downloads in.

    Mirrors ``keras.utils.get_file``: ``$KERAS_HOME`` or ``~/.keras``, and
    ``/tmp/.keras`` when that folder cannot be written.
    """
    home = Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras").expanduser()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    if not os.access(home, os.W_OK):
        home = Path(tempfile.gettempdir()) / ".keras"
    return home


def idx_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and length of the decompressed contents of a ``.gz`` file."""
    digest = hashlib.sha256()
    length = 0
    with gzip.open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            length += len(block)
    return digest.hexdigest(), length


def problem_with(path: Path, expected: dict) -> str | None:
    """Why ``path`` is not the expected file, or None when it is."""
    if not path.is_file():
        return "not there"
    try:
        sha256, length = idx_digest(path)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        return f"unreadable ({error})"
    if length != expected["idx_bytes"] or sha256 != expected["idx_sha256"]:
        return f"checksum mismatch (SHA-256 {sha256[:12]}..., {length} bytes)"
    return None


@dataclass
class Outcome:
    """What happened to one file: where it came from, or what was tried."""

    name: str
    source: str | None = None
    attempts: list[str] = field(default_factory=list)


def install(candidate: Path, target: Path, expected: dict) -> str | None:
    """Copy ``candidate`` to ``target`` if it checks out; the problem otherwise."""
    problem = problem_with(candidate, expected)
    if problem:
        return problem
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(candidate, partial)
    os.replace(partial, target)  # atomic: Keras never sees half a file
    return None


def download(url: str, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    destination = into / url.rsplit("/", 1)[-1]
    with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
        with open(destination, "wb") as out:
            shutil.copyfileobj(response, out)
    return destination


def provision_file(
    name: str,
    expected: dict,
    cache_dir: Path,
    debian_dir: Path,
    base_urls: list[str],
    allow_download: bool,
) -> Outcome:
    outcome = Outcome(name)
    target = cache_dir / name

    problem = problem_with(target, expected)
    if problem is None:
        outcome.source = "already in the Keras cache"
        return outcome
    outcome.attempts.append(f"Keras cache {target}: {problem}")
    if target.exists():
        # Keep the damaged file for inspection instead of deleting it.
        aside = target.with_name(target.name + ".bad")
        os.replace(target, aside)
        outcome.attempts.append(f"moved the damaged file aside to {aside}")

    problem = install(debian_dir / name, target, expected)
    if problem is None:
        outcome.source = f"copied from {debian_dir}"
        return outcome
    outcome.attempts.append(f"Debian package folder {debian_dir}: {problem}")

    if not allow_download:
        outcome.attempts.append("download: skipped (--no-download)")
        return outcome
    with tempfile.TemporaryDirectory(prefix="dlcourse-data-") as scratch:
        for base in base_urls:
            url = base + name
            try:
                fetched = download(url, Path(scratch))
            except (urllib.error.URLError, OSError, ValueError) as error:
                reason = getattr(error, "reason", error)
                outcome.attempts.append(f"download {url}: failed ({reason})")
                continue
            problem = install(fetched, target, expected)
            if problem is None:
                outcome.source = f"downloaded from {url}"
                return outcome
            outcome.attempts.append(f"download {url}: {problem}")
    return outcome


def how_to_fix(dataset: str, spec: dict, cache_dir: Path) -> str:
    files = ", ".join(spec["files"])
    return (
        f"To fix it, do one of these, then run `make data` again:\n"
        f"  - on Debian or Ubuntu: sudo apt-get install {spec['debian_package']}\n"
        f"  - connect this machine to the internet (the files come from "
        f"{spec['download_base_urls'][0]})\n"
        f"  - copy the files {files}\n"
        f"    from another machine into {cache_dir}\n"
        f"More about {dataset}: {spec['homepage']}"
    )


def provision(
    catalogue: dict,
    debian_dir: Path | None = None,
    allow_download: bool = True,
    check_only: bool = False,
) -> bool:
    """Provision every data set in ``catalogue``; True when all are in place."""
    all_ok = True
    for dataset, spec in catalogue.items():
        cache_dir = keras_home() / spec["keras_cache_subdir"]
        source_dir = debian_dir or Path(spec["debian_dir"])
        missing = []
        for name, expected in spec["files"].items():
            if check_only:
                problem = problem_with(cache_dir / name, expected)
                outcome = Outcome(name, None if problem else "in the Keras cache", [problem or ""])
            else:
                outcome = provision_file(
                    name, expected, cache_dir, source_dir,
                    spec["download_base_urls"], allow_download,
                )
            if outcome.source is None:
                missing.append(outcome)
            else:
                print(f"{dataset}: {name} {outcome.source}")
        if missing:
            all_ok = False
            print(f"\n{dataset}: {len(missing)} file(s) missing from {cache_dir}.", file=sys.stderr)
            for outcome in missing:
                print(f"  {outcome.name}:", file=sys.stderr)
                for attempt in outcome.attempts:
                    print(f"    - {attempt}", file=sys.stderr)
            print(how_to_fix(dataset, spec, cache_dir), file=sys.stderr)
        else:
            print(f"{dataset}: ready in {cache_dir}")
    return all_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only report whether the data is in place; change nothing")
    parser.add_argument("--debian-dir", type=Path, default=None,
                        help="where the Debian package put the files (default: from datasets.json)")
    parser.add_argument("--no-download", action="store_true",
                        help="never use the network")
    args = parser.parse_args(argv)
    catalogue = json.loads(CATALOGUE.read_text())
    ok = provision(catalogue, args.debian_dir, not args.no_download, args.check)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
