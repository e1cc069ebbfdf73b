"""Make the official MLM files that the tests and the generator read available.

    python3 scripts/fetch_spec.py                                  # from the project root
    python3 scripts/fetch_spec.py --url-prefix http://127.0.0.1:8000/   # a local mirror

With ``$STAC_MLM_SPEC_DIR`` set, or ``../shared/spec`` next to the project, that folder is
used and nothing is fetched. Otherwise every file pinned in ``schema/upstream.lock`` is
downloaded from its published URL into ``.spec-cache/`` (laid out like the spec folder:
``schemas/HOST/PATH``, ``examples/...``, ``docs/...``), its sha256 checked before it is
written. Files already there with the right checksum are not downloaded again.

Exit codes: 0 the files are there; 1 a download failed (HTTP error, unreachable host, wrong
checksum: one line on stderr naming the URL, and nothing of that file left in the cache) or a
file could not be written; 2 the spec folder given (``$STAC_MLM_SPEC_DIR`` or ``../shared/spec``)
lacks a file of the lock.

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "codegen"))

# The one place that decides where the spec folder is, and reads the lock.
import bundle


class FetchError(Exception):
    """One file could not be fetched; the message names its URL."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _download(url: str, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data: bytes = response.read()
            return data
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        raise FetchError(f"{url}: cannot download ({reason})") from None
    except (http.client.HTTPException, ValueError) as error:  # cut short, or a malformed URL
        raise FetchError(f"{url}: cannot download ({type(error).__name__}: {error})") from None


def _write_atomically(target: Path, data: bytes) -> None:
    """Write through a temporary file renamed into place: never a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _cache_path(cache: Path, path: str) -> Path:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise FetchError(f"schema/upstream.lock: {path!r} is not a path inside the spec folder")
    return cache.joinpath(*relative.parts)


def fetch(cache: Path, url_prefix: str | None = None, timeout: float = 60) -> int:
    """Download every locked file missing from ``cache``; return how many were downloaded.

    ``url_prefix`` replaces the ``https://`` of every URL (``https://HOST/PATH`` becomes
    ``PREFIX HOST/PATH``). Raises :class:`FetchError` at the first file that fails, after
    removing anything of that file from the cache.
    """
    downloaded = 0
    for entry in bundle.locked_files():
        target = _cache_path(cache, entry["path"])
        if target.is_file():
            if _sha256(target.read_bytes()) == entry["sha256"]:
                continue
            try:
                target.unlink()  # altered since: never leave a wrong file behind
            except OSError as error:
                raise FetchError(f"{target}: wrong sha256, cannot remove it ({error})") from None
        url = entry["url"]
        if url_prefix is not None:
            url = url_prefix + url.removeprefix("https://")
        data = _download(url, timeout)
        got = _sha256(data)
        if got != entry["sha256"]:
            raise FetchError(
                f"{url}: wrong sha256 {got}, expected {entry['sha256']} (schema/upstream.lock)"
            )
        try:
            _write_atomically(target, data)
        except OSError as error:
            raise FetchError(f"{target}: cannot write ({error})") from None
        downloaded += 1
    return downloaded


def _url_prefix(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"{text!r} is not an http:// or https:// URL")
    return text if text.endswith("/") else text + "/"


def _timeout(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return seconds


def _holds_every_locked_file(folder: Path) -> bool:
    """Whether a given spec folder holds every file of the lock (said on stderr if not)."""
    missing = [
        entry["path"] for entry in bundle.locked_files() if not (folder / entry["path"]).is_file()
    ]
    if missing:
        print(
            f"fetch_spec.py: the spec folder {folder} lacks {len(missing)} of the "
            f"{len(bundle.locked_files())} files of schema/upstream.lock, e.g. {missing[0]}",
            file=sys.stderr,
        )
    return not missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fetch_spec.py", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument(
        "--url-prefix",
        type=_url_prefix,
        help="replace the https:// of every URL by this prefix (e.g. http://127.0.0.1:8000/)",
    )
    parser.add_argument(
        "--timeout",
        type=_timeout,
        default=60,
        help="seconds to wait for a server at each step of a request (default 60)",
    )
    args = parser.parse_args(argv)
    try:
        given = bundle.given_spec_dir()
    except bundle.SpecFolderMissingError as error:
        print(f"fetch_spec.py: {error}", file=sys.stderr)
        return 2
    if given is not None:
        if not _holds_every_locked_file(given):
            return 2
        print(f"fetch_spec.py: using the spec folder {given}; nothing fetched", file=sys.stderr)
        return 0
    try:
        downloaded = fetch(bundle.CACHE_DIR, args.url_prefix, args.timeout)
    except FetchError as error:
        print(f"fetch_spec.py: {error}", file=sys.stderr)
        if ": cannot download (" not in str(error):
            return 1
        print(
            "fetch_spec.py: without network access, set STAC_MLM_SPEC_DIR to a folder holding "
            "the official files (laid out as the lock's paths), or give --url-prefix of a "
            "mirror; run the script again to go on where it stopped",
            file=sys.stderr,
        )
        return 1
    print(
        f"fetch_spec.py: {bundle.CACHE_DIR} holds the {len(bundle.locked_files())} files of "
        f"schema/upstream.lock ({downloaded} downloaded now)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
