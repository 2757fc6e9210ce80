"""Limits that keep an import's memory and time bounded whatever the input (issue 10).

Checked before a byte is inflated, from the zip's central directory and the file system:

- a file or zip member larger than `BILLBOT_IMPORT_MAX_MB` uncompressed (default 1024 MB; CMS's
  largest, a full NCCI PTP file, is well under 200 MB) is refused;
- a zip member that inflates to more than `MAX_RATIO` times its compressed size is refused as a
  likely zip bomb (CMS's files compress 2:1 to 30:1);
- a file of a kind billbot parses whole in memory (the PFS files and the ZIP-to-locality file) larger
  than `WHOLE_FILE_MAX_MB` is refused (CMS's are under 4 MB).

While a member is read, Python's zipfile stops at the size the archive's directory declared (the
size checked here) and checks the CRC, so an archive that lies about its sizes cannot inflate
further. Every error names the limit.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from storage.importers.errors import CmsFileError

MAX_MB_VARIABLE = "BILLBOT_IMPORT_MAX_MB"
DEFAULT_MAX_MB = 1024
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024  # tiny members may compress far better (a header, blank lines)
WHOLE_FILE_MAX_MB = 64
WHOLE_FILE_KINDS = frozenset({"pprrvu", "gpci", "locco", "oppscap", "anes", "zip5"})

_MB = 1024 * 1024


def max_bytes() -> int:
    """The uncompressed size limit from BILLBOT_IMPORT_MAX_MB (whole megabytes, at least 1)."""
    raw = os.environ.get(MAX_MB_VARIABLE, "").strip()
    try:
        mb = int(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        raise CmsFileError(MAX_MB_VARIABLE, f"must be a whole number of megabytes, not {raw!r}") from None
    return max(1, mb) * _MB


def _mb(n: int) -> str:
    return f"{n / _MB:,.0f} MB" if n >= _MB else f"{n / _MB:.1f} MB"


def size_problem(size: int) -> str | None:
    limit = max_bytes()
    if size > limit:
        return (f"is {_mb(size)} uncompressed, over the import size limit of {limit // _MB} MB "
                f"({MAX_MB_VARIABLE}); nothing was read")  # fmt: skip
    return None


def member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip member must not be inflated, from the archive's directory alone; None when fine."""
    if problem := size_problem(info.file_size):
        return problem
    if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size / max(info.compress_size, 1)
        return (f"inflates from {_mb(info.compress_size)} to {_mb(info.file_size)}: a compression ratio of "
                f"{ratio:,.0f}:1, over the limit of {MAX_RATIO}:1 (a zip bomb?); nothing was inflated")  # fmt: skip
    return None


def check_member(origin: str, info: zipfile.ZipInfo) -> None:
    if problem := member_problem(info):
        raise CmsFileError(origin, problem)


def check_file(origin: str, size: int) -> None:
    if problem := size_problem(size):
        raise CmsFileError(origin, problem)


def source_size(path: Path, member: str | None) -> int:
    """Uncompressed size of a file, or of a member of the zip archive at `path`."""
    if member is None:
        return path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        return archive.getinfo(member).file_size


def check_whole_file(origin: str, kind: str, size: int) -> None:
    """Kinds parsed whole in memory get a lower limit."""
    if kind in WHOLE_FILE_KINDS and size > WHOLE_FILE_MAX_MB * _MB:
        raise CmsFileError(origin, f"is {_mb(size)}, over the {WHOLE_FILE_MAX_MB} MB limit for a {kind.upper()} "
                                   "file (CMS's are a few MB): not the file it claims to be?")  # fmt: skip
