"""Files to import, wherever they live: plain files, folders, or members of a CMS zip archive."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

HEAD_BYTES = 8192  # what a kind detector sees of a file (storage.importers.kinds)
ENCODING = "latin-1"  # CMS publishes its PFS files in Latin-1 (Windows-1252 subset)
DOC_SUFFIXES = frozenset({".pdf", ".xlsx", ".xls", ".doc", ".docx", ".rtf", ".htm", ".html"})


@dataclass(frozen=True)
class SourceFile:
    """One file to import. `name` is the base name as published; `origin` says where it was found."""

    name: str
    origin: str
    path: Path  # the file itself, or the archive holding it
    member: str | None = None  # member name inside the archive
    explicit: bool = False  # named on the command line (not found inside a folder or archive)
    container: str = ""  # the folder or archive it came from: files of one release travel together
    _cache: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """A binary stream of the content, read from disk or the archive without loading it whole."""
        if self.member is None:
            with self.path.open("rb") as fh:
                yield fh
        else:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as fh:
                yield fh

    def read_bytes(self) -> bytes:
        if "data" not in self._cache:
            with self.open() as fh:
                self._cache["data"] = fh.read()
        return self._cache["data"]

    def read_text(self, encoding: str = ENCODING) -> str:
        return self.read_bytes().decode(encoding)

    def head_text(self) -> str:
        """The first HEAD_BYTES bytes, for recognising the kind; never reads a large file whole."""
        if "data" in self._cache:
            return self._cache["data"][:HEAD_BYTES].decode(ENCODING)
        with self.open() as fh:
            return fh.read(HEAD_BYTES).decode(ENCODING)

    @property
    def sha256(self) -> str:
        """Content hash (streamed in 1 MiB chunks unless the content is already in memory)."""
        if "data" in self._cache:
            return hashlib.sha256(self._cache["data"]).hexdigest()
        digest = hashlib.sha256()
        with self.open() as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()

    def forget(self) -> None:
        """Drop the cached content (after import) to keep memory flat."""
        self._cache.clear()


class SourceError(Exception):
    """A path on the command line that cannot be read."""


def _archive_members(path: Path, explicit: bool) -> list[SourceFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"{path}: not a readable zip archive ({exc})") from exc
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
    out: list[SourceFile] = []
    for member in sorted(names):
        base = member.rsplit("/", 1)[-1]
        if not base or base.startswith(".") or member.startswith("__MACOSX/"):
            continue
        out.append(SourceFile(base, f"{path.name}:{member}", path, member, False, f"{path}"))
    return out


def collect(paths: list[Path]) -> list[SourceFile]:
    """Expand files, folders (recursively) and zip archives into the files they hold, in a stable order."""
    out: list[SourceFile] = []
    for path in paths:
        if not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if child.suffix.lower() == ".zip":
                    out.extend(_archive_members(child, False))
                else:
                    out.append(SourceFile(child.name, str(child), child, None, False, str(child.parent)))
        elif path.suffix.lower() == ".zip":
            out.extend(_archive_members(path, True))
        else:
            out.append(SourceFile(path.name, str(path), path, None, True, str(path.parent)))
    return out
