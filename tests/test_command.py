"""The /cpt grammar (pure): every documented form, tolerance, rejection, and properties."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.command import (
    MAX_TEXT,
    CommandError,
    HelpCommand,
    QuoteCommand,
    WatchCommand,
    parse,
)
from bot.command_text import codes_in_text
from bot.pricing.lines import ClaimLine, parse_lines


def quote(text: str) -> QuoteCommand:
    cmd = parse(text)
    assert isinstance(cmd, QuoteCommand), cmd
    return cmd


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("77002", [ClaimLine("77002")]),
        ("77002 26", [ClaimLine("77002", ("26",))]),
        ("77002-26", [ClaimLine("77002", ("26",))]),
        ("77002-tc", [ClaimLine("77002", ("TC",))]),
        ("  77002   26  ", [ClaimLine("77002", ("26",))]),
        ("g0121", [ClaimLine("G0121")]),
        ("0213t", [ClaimLine("0213T")]),
        ("20610 77002", [ClaimLine("20610"), ClaimLine("77002")]),
        ("20610-59, 77002-26", [ClaimLine("20610", ("59",)), ClaimLine("77002", ("26",))]),
        ("27447 80 62", [ClaimLine("27447", ("80", "62"))]),
    ],
)
def test_codes_and_modifiers(text: str, lines: list[ClaimLine]) -> None:
    assert list(quote(text).lines) == lines


def test_options() -> None:
    cmd = quote("77002 26 zip:94110")
    assert cmd.zip_code == "94110" and cmd.locality is None and cmd.facility is None
    assert quote("77002 ZIP: 94110-1234").zip_code == "94110"
    assert quote("77002 loc:01112-05").locality == "01112-05"
    cmd = quote("77002 loc:CA san francisco facility")
    assert cmd.locality == "CA san francisco" and cmd.facility is True
    assert quote("77002 loc:CA san francisco 20610").codes == ["77002", "20610"]
    assert quote("99213 facility").facility is True
    assert quote("99213 office").facility is False
    assert quote("77002 dos:2025-11-01").dos == date(2025, 11, 1)
    assert quote("77002 DOS:11/01/2025").dos == date(2025, 11, 1)
    assert quote("77002 loc:national").locality == "national"
    assert quote("77002 nonqpp").variant == "nonQPP"


def test_units_belong_to_the_code_before_them_or_to_all() -> None:
    cmd = quote("20610 77002 units:2")
    assert [line.units for line in cmd.lines] == [1, 2]
    cmd = quote("units:3 20610 77002")
    assert [line.units for line in cmd.lines] == [3, 3]
    assert quote("77002 x2").lines[0].units == 2


@pytest.mark.parametrize(
    "token",
    ["97110x4", "97110X4", "97110*4", "20610-RT*2", "20610-rt-59x2", "11750-F1-59*3", "0009U x3", "20610-RT *2",
     "77002", "77002-26", "g0008"],
)  # fmt: skip
def test_cpt_reads_every_line_form_billbot_bundle_reads(token: str) -> None:
    """`/cpt` and `billbot bundle` read a typed line the same way (one parser: bot.pricing.lines)."""
    bundle = parse_lines(token.split())
    assert bundle.errors == () and len(bundle.lines) == 1
    assert quote(token).lines == bundle.lines


def test_cpt_units_typed_with_the_code() -> None:
    assert quote("97110x4").lines == (ClaimLine("97110", (), 4),)
    assert quote("20610-RT*2 77002-26").lines == (ClaimLine("20610", ("RT",), 2), ClaimLine("77002", ("26",)))
    assert quote("20610-RT*2 units:3").lines == (ClaimLine("20610", ("RT",), 3),)  # the later units win
    for bad in ("97110x0", "97110x1000", "97110*0"):
        with pytest.raises(CommandError, match="is not a number of units: use units:N with N from 1 to 999"):
            parse(bad)
    with pytest.raises(CommandError, match="is not a HCPCS code"):
        parse("ABCDEx2")


def test_help_and_watch() -> None:
    assert isinstance(parse(""), HelpCommand)
    assert isinstance(parse("HELP"), HelpCommand)
    assert parse("watch on") == WatchCommand(True)
    assert parse(" Watch  OFF ") == WatchCommand(False)
    assert parse("watch") == WatchCommand(None)
    with pytest.raises(CommandError, match="watch on"):
        parse("watch maybe")


def test_unicode_normalised_or_rejected() -> None:
    # full-width digits and an en dash become 77002-26
    assert list(quote("\uff17\uff17\uff10\uff10\uff12\u201326").lines) == [ClaimLine("77002", ("26",))]
    # non-breaking space and zero-width space are tolerated
    assert list(quote("77002\u00a026\u200b").lines) == [ClaimLine("77002", ("26",))]
    # Cyrillic O looks like a zero but is not: rejected, naming the character
    with pytest.raises(CommandError, match=r"(?i)cyrillic"):
        parse("77\u041e02")
    with pytest.raises(CommandError, match="77002"):
        parse("77OO2")  # letter O typed for zero: suggests 77002


@pytest.mark.parametrize(
    "text",
    ["77002 zip:9411", "77002 dos:2025-13-01", "77002 units:0", "77002 units:lots", "26 77002", "7700", "hello",
     "77002 loc:", "77002-26-26", "77002 zip:94110 loc:01112-05"],
)
def test_bad_input_gets_a_message(text: str) -> None:
    with pytest.raises(CommandError) as err:
        parse(text)
    assert len(str(err.value)) > 20


def test_too_long_rejected_with_size() -> None:
    with pytest.raises(CommandError, match="at most 2,000"):
        parse("77002 " * 400)
    # exactly at the limit still parses (when it is meaningful)
    text = "77002" + " " * (MAX_TEXT - 5)
    assert quote(text).codes == ["77002"]


def test_duplicates_once_and_code_limit() -> None:
    cmd = quote("77002 77002 20610")
    assert cmd.codes == ["77002", "20610"] and cmd.notes
    with pytest.raises(CommandError, match="at most 10"):
        parse(" ".join(f"{99200 + i}" for i in range(11)))


def test_mention_injection_is_not_a_code() -> None:
    with pytest.raises(CommandError):
        parse("<!channel> 77002")
    with pytest.raises(CommandError):
        parse("77002 <http://evil.example|click>")


def test_codes_in_conversation() -> None:
    found = codes_in_text("can we bill 20610 with 77002-26? It paid $77003.00 on 2025-11-01, call 555-12345.")
    assert [c.label for c in found] == ["20610", "77002-26"]
    assert [c.hcpcs for c in codes_in_text("99213, 99213 and G0121.")] == ["99213", "G0121"]
    assert codes_in_text("nothing here 1234 123456") == []


CODE = st.from_regex(r"\A(?:[0-9]{4}[0-9A-Z]|[A-Z][0-9]{4})\Z")
MOD = st.sampled_from(["26", "TC", "59", "XS", "LT", "RT", "50", "80", "25"])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(CommandError):
        parse(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789ABCTXZ-:, zipdoslcunt/\u2013\uff10")), max_size=80))
def test_parse_never_raises_on_command_like_text(text: str) -> None:
    with contextlib.suppress(CommandError):
        parse(text)


@settings(max_examples=200, deadline=None)
@given(CODE, st.lists(MOD, max_size=3, unique=True), st.booleans(), st.integers(0, 3))
def test_spellings_agree(code: str, mods: list[str], lower: bool, spaces: int) -> None:
    dashed = "-".join([code, *mods])
    spaced = (" " * (spaces + 1)).join([code, *mods])
    if lower:
        dashed, spaced = dashed.lower(), spaced.lower()
    assert quote(dashed).lines == quote(spaced).lines == (ClaimLine(code, tuple(mods)),)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_codes_in_text_never_raises(text: str) -> None:
    for line in codes_in_text(text):
        assert len(line.hcpcs) == 5
