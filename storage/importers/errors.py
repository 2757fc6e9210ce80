"""Errors raised while reading CMS files: always name the file, and the line and column when known."""

from __future__ import annotations


class CmsFileError(Exception):
    """A CMS file that cannot be imported (malformed, or not the kind expected)."""

    def __init__(self, file: str, message: str, *, line: int | None = None, column: str | None = None) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.reason = message
        where = file if line is None else f"{file}, line {line}"
        if column:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


class WrongKindError(CmsFileError):
    """The file is a CMS file, but not of the kind that was expected."""

    def __init__(self, file: str, expected: str, looks_like: str | None) -> None:
        seen = f"it looks like the {looks_like}" if looks_like else "it is not a recognised CMS file"
        super().__init__(file, f"expected the {expected}, but {seen}")
        self.expected = expected
        self.looks_like = looks_like


def refuse_fewer_rows(name: str, rows: int, stored_name: str, stored_rows: int) -> None:
    """A replacement file with fewer rows than the stored one is most often cut short at a line
    break (no parse error shows it): refuse it unless the user says the smaller file is meant."""
    if rows < stored_rows:
        raise CmsFileError(
            name,
            f"has {rows:,} rows but the stored {stored_name} has {stored_rows:,}: the file looks truncated, "
            "so it does not replace the stored one. If the smaller file is right, import it with --allow-fewer-rows",
        )
