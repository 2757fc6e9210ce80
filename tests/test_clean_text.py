"""Text cleaned once at the edge (issue 10 item 5): control characters removed, bidi overrides refused."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reports.clean import BIDI_CONTROLS, UnsafeText, check_text, clean_text

_FAMILY = "family \U0001f468\u200d\U0001f469\u200d\U0001f467 emoji"


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("fixed the NPI\x00 and rebilled", "fixed the NPI and rebilled"),  # NUL: PostgreSQL refuses it
        ("file \x1b[31mred\x1b[0m.csv", "file [31mred[0m.csv"),  # a terminal escape loses its ESC
        ("a\bb\x07c\x7fd", "abcd"),
        ("line one\r\nline two\rthree", "line one\nline two\nthree"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("zero\u200bwidth\u2060joiner\ufeffbom\u00adsoft", "zerowidthjoinerbomsoft"),
        ("left\u200eright\u200fmarks", "leftrightmarks"),
        ("para\u2029graph\u2028line", "para\ngraph\nline"),
        ("e\u0301", "\u00e9"),  # NFC: the same text a person sees, composed
        (_FAMILY, _FAMILY),  # a zero-width joiner inside an emoji sequence stays
        ("CO-16 with N290, $110.30 paid", "CO-16 with N290, $110.30 paid"),
    ],
)
def test_control_and_invisible_characters_are_removed(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned
    assert check_text(raw) == (cleaned, None)


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_bidi_overrides_are_refused(control: str) -> None:
    text = f"invoice{control}fdp.exe"
    with pytest.raises(UnsafeText) as refused:
        clean_text(text)
    assert "direction" in str(refused.value)
    kept, message = check_text(text)
    assert kept == text and message == str(refused.value)


@given(st.text())
def test_cleaned_text_has_no_control_or_bidi_characters(text: str) -> None:
    try:
        out = clean_text(text)
    except UnsafeText:
        assert any(c in BIDI_CONTROLS for c in text)
        return
    assert all(c in "\n\t" or (c >= " " and c != "\x7f") for c in out if c.isascii())
    assert not any(0x80 <= ord(c) < 0xA0 for c in out)
    assert clean_text(out) == out  # cleaning twice changes nothing


def test_cleaning_is_linear() -> None:
    small = "a\x00b\u200bc " * 2_000
    large = small * 100
    start = time.process_time()
    clean_text(small)
    t_small = time.process_time() - start
    start = time.process_time()
    clean_text(large)
    t_large = time.process_time() - start
    assert t_large / max(t_small, 1e-4) < 300
