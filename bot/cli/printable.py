"""Text from outside (file names, paths) made safe to print on a terminal or into a log file.

Control characters (C0 and C1, DEL), bidirectional-text controls and other invisible format
characters are shown as escapes (`\\x1b`, `\\n`, `\\u202e`): a file name cannot erase a line,
forge another one, or reorder what follows it."""

from __future__ import annotations

import unicodedata


def printable(text: str) -> str:
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif unicodedata.category(ch) in ("Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)
