"""scripts/fetch_spec.py, against the spec folder served over HTTP on 127.0.0.1 only.

Each test runs the script in a copy of the files it needs, in a folder with no
``../shared/spec`` next to it: what a fresh clone is.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from spec_folder import MLM_SCHEMA_URLS, PROJECT_ROOT, example_items, full_verdict, spec_dir

LOCK = json.loads((PROJECT_ROOT / "schema" / "upstream.lock").read_text())["files"]
#: Copied into the pretend clone: the script, what it imports, its lock, and the tests'
#: spec folder module (to show the cache works as a spec folder).
CLONE_FILES = ("scripts/fetch_spec.py", "codegen/bundle.py", "schema/upstream.lock")
ALTERED = "examples/mlm-v1.5.2/item_basic.json"
MISSING = "schemas/stac-extensions.github.io/raster/v1.1.0/schema.json"


def _url(path: str) -> str:
    return next(entry["url"] for entry in LOCK if entry["path"] == path)


@dataclass
class Mirror:
    """The spec folder served at ``prefix + HOST/PATH`` for every locked ``https://HOST/PATH``."""

    prefix: str = ""
    requests: list[str] = field(default_factory=list)
    altered: set[str] = field(default_factory=set)  # URL paths served with one byte more
    missing: set[str] = field(default_factory=set)  # URL paths answered with 404
    truncated: set[str] = field(default_factory=set)  # URL paths cut short mid-body

    def url(self, path: str) -> str:
        return self.prefix + _url(path).removeprefix("https://")


@pytest.fixture
def mirror() -> Iterator[Mirror]:
    folder = spec_dir()
    files = {"/" + entry["url"].removeprefix("https://"): entry["path"] for entry in LOCK}
    state = Mirror()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            if self.path not in files or self.path in state.missing:
                self.send_error(404)
                return
            body = (folder / files[self.path]).read_bytes()
            if self.path in state.altered:
                body += b"\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if self.path in state.truncated else body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.prefix = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A project folder with nothing next to it (no ``../shared/spec``)."""
    root = tmp_path / "clone"
    for name in (*CLONE_FILES, "tests/spec_folder.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_ROOT / name, root / name)
    return root


def _environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "STAC_MLM_SPEC_DIR"}
    return env | extra


def _fetch(clone: Path, prefix: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/fetch_spec.py", "--url-prefix", prefix, "--timeout", "10"],
        cwd=clone,
        env=_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _cache_files(clone: Path) -> set[str]:
    cache = clone / ".spec-cache"
    return {path.relative_to(cache).as_posix() for path in cache.rglob("*") if path.is_file()}


def _verdicts() -> dict[str, dict[str, bool]]:
    return {
        version: {name: full_verdict(item) for name, item in example_items(version).items()}
        for version in MLM_SCHEMA_URLS
    }


#: What ``_verdicts`` computes, run in the clone with no setting: through the cache.
VERDICTS_SCRIPT = """
import json
from spec_folder import MLM_SCHEMA_URLS, example_items, full_verdict, spec_dir
print(json.dumps({
    "spec_dir": str(spec_dir()),
    "verdicts": {
        version: {name: full_verdict(item) for name, item in example_items(version).items()}
        for version in MLM_SCHEMA_URLS
    },
}))
"""


def test_every_locked_file_arrives_verified_and_the_cache_is_a_spec_folder(
    clone: Path, mirror: Mirror
) -> None:
    done = _fetch(clone, mirror.prefix)
    assert done.returncode == 0, done.stderr
    assert f"holds the {len(LOCK)} files of schema/upstream.lock" in done.stderr
    assert len(mirror.requests) == len(LOCK)
    cache = clone / ".spec-cache"
    assert _cache_files(clone) == {entry["path"] for entry in LOCK}
    for entry in LOCK:
        assert hashlib.sha256((cache / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    # The tests' own spec folder module, in the clone, finds the cache by itself and gives
    # the same verdict on every official example of every release as the served folder.
    read = subprocess.run(
        [sys.executable, "-c", VERDICTS_SCRIPT],
        cwd=clone,
        env=_environment(PYTHONPATH=str(clone / "tests")),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(read.stdout)
    assert result["spec_dir"] == str(cache)
    expected = _verdicts()
    assert result["verdicts"] == expected
    assert any(verdict for per_release in expected.values() for verdict in per_release.values())


def test_a_second_run_downloads_nothing(clone: Path, mirror: Mirror) -> None:
    assert _fetch(clone, mirror.prefix).returncode == 0
    mirror.requests.clear()
    again = _fetch(clone, mirror.prefix)
    assert again.returncode == 0, again.stderr
    assert "(0 downloaded now)" in again.stderr
    assert mirror.requests == []


def test_a_wrong_checksum_names_the_url_and_leaves_nothing_of_that_file(
    clone: Path, mirror: Mirror
) -> None:
    # A stale copy with the wrong bytes is there too: it must not survive either.
    stale = clone / ".spec-cache" / ALTERED
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    mirror.altered.add("/" + _url(ALTERED).removeprefix("https://"))
    done = _fetch(clone, mirror.prefix)
    assert done.returncode == 1
    expected = next(entry["sha256"] for entry in LOCK if entry["path"] == ALTERED)
    served = (spec_dir() / ALTERED).read_bytes() + b"\n"
    got = hashlib.sha256(served).hexdigest()
    assert done.stderr == (
        f"fetch_spec.py: {mirror.url(ALTERED)}: wrong sha256 {got}, expected {expected} "
        "(schema/upstream.lock)\n"
    )
    assert not stale.exists()
    assert not [name for name in _cache_files(clone) if name.endswith(".part")]
    assert ALTERED not in _cache_files(clone)


def test_a_missing_file_is_a_clear_error(clone: Path, mirror: Mirror) -> None:
    mirror.missing.add("/" + _url(MISSING).removeprefix("https://"))
    done = _fetch(clone, mirror.prefix)
    assert done.returncode == 1
    assert done.stderr == f"fetch_spec.py: {mirror.url(MISSING)}: HTTP 404 Not Found\n"
    assert MISSING not in _cache_files(clone)


def test_an_unreachable_host_is_a_clear_error(clone: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = _fetch(clone, f"http://127.0.0.1:{port}/")
    assert done.returncode == 1
    first = f"http://127.0.0.1:{port}/" + LOCK[0]["url"].removeprefix("https://")
    assert done.stderr.startswith(f"fetch_spec.py: {first}: cannot download (")
    assert done.stderr.splitlines()[1] == (
        "fetch_spec.py: without network access, set STAC_MLM_SPEC_DIR to a folder holding the "
        "official files (laid out as the lock's paths), or give --url-prefix of a mirror; run "
        "the script again to go on where it stopped"
    )
    assert _cache_files(clone) == set()


def test_a_download_cut_short_is_a_clear_error(clone: Path, mirror: Mirror) -> None:
    mirror.truncated.add("/" + _url(MISSING).removeprefix("https://"))
    done = _fetch(clone, mirror.prefix)
    assert done.returncode == 1
    assert done.stderr.startswith(
        f"fetch_spec.py: {mirror.url(MISSING)}: cannot download (IncompleteRead: "
    )
    assert "Traceback" not in done.stderr
    assert MISSING not in _cache_files(clone)


def test_a_url_prefix_without_its_last_slash_gets_one(clone: Path, mirror: Mirror) -> None:
    done = _fetch(clone, mirror.prefix.removesuffix("/"))
    assert done.returncode == 0, done.stderr
    assert MISSING in _cache_files(clone)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--timeout", "-1", "argument --timeout: '-1' is not a number of seconds above 0"),
        ("--timeout", "0", "argument --timeout: '0' is not a number of seconds above 0"),
        ("--url-prefix", "127.0.0.1:8000", "is not an http:// or https:// URL"),
    ],
)
def test_option_values_that_cannot_work_are_usage_errors(
    clone: Path, option: str, value: str, message: str
) -> None:
    done = subprocess.run(
        [sys.executable, "scripts/fetch_spec.py", option, value],
        cwd=clone,
        env=_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_given_spec_folder_lacking_locked_files_is_an_error(
    clone: Path, mirror: Mirror, tmp_path: Path
) -> None:
    partial = tmp_path / "partial"
    (partial / "schemas").mkdir(parents=True)
    (partial / "examples").mkdir()
    done = _fetch(clone, mirror.prefix, STAC_MLM_SPEC_DIR=str(partial))
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"fetch_spec.py: the spec folder {partial} lacks {len(LOCK)} of the {len(LOCK)} files "
        f"of schema/upstream.lock, e.g. {LOCK[0]['path']}"
    )
    assert mirror.requests == []


@pytest.mark.parametrize("given", ["STAC_MLM_SPEC_DIR", "../shared/spec"])
def test_a_given_spec_folder_is_used_and_nothing_is_fetched(
    clone: Path, mirror: Mirror, given: str
) -> None:
    folder = spec_dir()
    if given == "STAC_MLM_SPEC_DIR":
        done = _fetch(clone, mirror.prefix, STAC_MLM_SPEC_DIR=str(folder))
    else:
        (clone.parent / "shared").mkdir()
        (clone.parent / "shared" / "spec").symlink_to(folder, target_is_directory=True)
        done = _fetch(clone, mirror.prefix)
        folder = clone.parent / "shared" / "spec"
    assert done.returncode == 0
    assert done.stderr == f"fetch_spec.py: using the spec folder {folder}; nothing fetched\n"
    assert mirror.requests == []
    assert not (clone / ".spec-cache").exists()


def test_a_wrong_spec_folder_setting_is_an_error_not_a_download(
    clone: Path, mirror: Mirror, tmp_path: Path
) -> None:
    done = _fetch(clone, mirror.prefix, STAC_MLM_SPEC_DIR=str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"fetch_spec.py: STAC_MLM_SPEC_DIR is {tmp_path / 'nowhere'}")
    assert "run `python3 scripts/fetch_spec.py`" in done.stderr
    assert mirror.requests == []


def test_a_cache_that_cannot_be_written_is_a_clear_error(clone: Path, mirror: Mirror) -> None:
    (clone / ".spec-cache").write_text("a file where the cache folder should be")
    done = _fetch(clone, mirror.prefix)
    assert done.returncode == 1
    first = clone / ".spec-cache" / LOCK[0]["path"]
    assert done.stderr.startswith(f"fetch_spec.py: {first}: cannot write (")
    assert done.stderr.count("\n") == 1
