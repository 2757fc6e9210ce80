"""Screen free text for patient data (PHI) before anything is stored. Pure: no I/O, no logging.

`screen(text, lexicon)` returns the kinds of identifier found and where (character spans), never the
matched text, so a caller can tell the user *what kind* of thing to remove without the value ever
reaching a log. The detectors cover the HIPAA Safe Harbor identifiers a biller could type into a
denial note: personal names, full dates, phone/fax numbers, emails, SSNs, Medicare Beneficiary
Identifiers, medical record / account / claim / member numbers, street addresses, ZIP+4, URLs,
IP addresses and ages over 89.

How it reads a text, in order (each step linear in the length of the text):

1. **Length first.** Text over `limit` characters (`MAX_SCREEN_CHARS` unless the caller says
   otherwise) is refused before any other work (`ScreenResult.too_long`).
2. **Fold** (`bot.reports.normalise`): NFKC, format characters (zero-width, bidi, soft hyphen) and
   controls removed, accents off, Cyrillic/Greek/full-width look-alikes to Latin — so "Mаria" with a
   Cyrillic "а" or an SSN with a zero-width space inside reads as what a person sees.
3. **Patterns** (`bot.reports.detectors`), window by window: dates, phones (`phonenumbers`),
   e-mails also spelled out ("name at example dot com"), SSNs, MBIs, record numbers, addresses,
   digits written apart ("5 5 5 0 1 3 4", "five five five...").
4. **Names** (`bot.reports.names`): US Census names where names go, names in file names.
5. **Explain the rest** (`bot.reports.explain`): every other word must be an English word, billing
   vocabulary, a code, an amount or an abbreviation. Words it cannot explain are most likely names;
   they are returned as `unrecognised` so the form can ask the reporter about them by name.

Billing vocabulary must pass: CPT/HCPCS codes (77002, G0121), ICD-10 codes (M17.11, S72001A),
modifiers (26, TC, XU), CARC/RARC codes (CO-16, N290, MA130), LCD/NCD ids (L35936, 220.1), dollar
amounts, years, quarters, payer and MAC names, drugs and eponyms ("Bell's palsy").
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.reports.detectors import pattern_findings
from bot.reports.eponyms import eponym_spans
from bot.reports.explain import unexplained
from bot.reports.findings import PhiFinding, PhiKind
from bot.reports.lexicon import Lexicon
from bot.reports.names import name_findings, organisation_spans
from bot.reports.normalise import fold

__all__ = ["MAX_SCREEN_CHARS", "PhiFinding", "PhiKind", "ScreenResult", "screen", "screen_fields"]

MAX_SCREEN_CHARS = 2000
_LISTED = 5  # unrecognised words named in a message


@dataclass(frozen=True)
class ScreenResult:
    findings: tuple[PhiFinding, ...]
    # Words the screen could not explain, as the reporter typed them (distinct, in order of first
    # appearance). Only ever shown back to that reporter, in the form; never logged or stored.
    unrecognised: tuple[str, ...] = ()
    # Set when the text was refused for its length: (the limit, the text's length).
    too_long: tuple[int, int] | None = None

    @property
    def clean(self) -> bool:
        return not self.findings and not self.unrecognised and self.too_long is None

    @property
    def kinds(self) -> list[PhiKind]:
        """Distinct kinds found, in the order of `PhiKind`."""
        found = {f.kind for f in self.findings}
        return [k for k in PhiKind if k in found]

    def message(self) -> str:
        """A user-facing explanation naming the kinds (never their values) and the words it could not
        recognise (the reporter's own words, so they can rephrase them)."""
        if self.too_long is not None:
            limit, length = self.too_long
            return f"Please keep this under {limit} characters (it has {length})."
        parts: list[str] = []
        kinds = self.kinds
        if kinds:
            listed = kinds[0].value if len(kinds) == 1 else ", ".join(k.value for k in kinds[:-1]) + " and " + kinds[-1]
            parts.append(
                f"This looks like patient data ({listed}). Reports are anonymous: please remove it "
                "and describe the situation without names, dates or identifiers."
            )
        if self.unrecognised:
            words = [f"'{w}'" for w in self.unrecognised[:_LISTED]]
            more = len(self.unrecognised) - len(words)
            if more:
                words.append(f"{more} more")
            listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
            them = "it" if len(self.unrecognised) == 1 else "them"
            parts.append(
                f"We couldn't recognise {listed} — billbot keeps no names, so please rephrase or remove {them} "
                "(codes, payers and billing terms are fine)."
            )
        return " ".join(parts)


def screen(text: str, lexicon: Lexicon, *, limit: int | None = MAX_SCREEN_CHARS) -> ScreenResult:
    """Find PHI in `text`. Returns kinds and spans (and the words it could not explain); the text is not
    kept or logged. Refuses text longer than `limit` characters before any other work (`None`: no limit).
    Linear in the length of `text`."""
    if limit is not None and len(text) > limit:
        return ScreenResult((), too_long=(limit, len(text)))
    if not text or not text.strip():
        return ScreenResult(())
    folded = fold(text)
    found = pattern_findings(folded.text)
    # Known organisations, places and eponymous conditions ("Henry Ford Health Plan", "in Austin",
    # "Lou Gehrig's", "segond fx") are blanked out for the name detector: their words are not a person's name.
    phrases = lexicon.phrase_spans(folded.text) + organisation_spans(folded.text) + eponym_spans(folded.text, lexicon)
    found.update(name_findings(_blank(folded.text, phrases), lexicon))
    unknown = unexplained(folded.text, lexicon, [*((f.start, f.end) for f in found), *phrases])
    findings: set[PhiFinding] = set()
    for f in found:
        start, end = folded.span(f.start, f.end)
        findings.add(PhiFinding(start, end, f.kind))
    words: dict[str, None] = {}
    for a, b in unknown:
        start, end = folded.span(a, b)
        words.setdefault(text[start:end], None)
    ordered = sorted(findings, key=lambda f: (f.start, f.end, f.kind.value))
    return ScreenResult(tuple(ordered), tuple(words))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span replaced by spaces (same length, so spans still line up)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def screen_fields(fields: dict[str, str], lexicon: Lexicon) -> dict[str, ScreenResult]:
    """Screen several free-text fields; returns only the fields with a hit."""
    results = {name: screen(value, lexicon) for name, value in fields.items() if value}
    return {name: r for name, r in results.items() if not r.clean}
