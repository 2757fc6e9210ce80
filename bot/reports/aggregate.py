"""Denial patterns from anonymous reports. Pure: no I/O.

A pattern for a code exists only when the code has at least `threshold` reports
(BILLBOT_REPORT_THRESHOLD, default 5); below that, `aggregate` returns None and nothing about the
code is shown anywhere. Milestones are the threshold and each doubling: 5, 10, 20, 40, ...
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bot.reports.form import CARCS, OUTCOMES, PAYERS

RECENT_WHAT_WORKED = 3


@dataclass(frozen=True)
class ReportFacts:
    """One stored report, as the aggregation sees it. Nothing orders reports by arrival."""

    hcpcs: str
    modifiers: tuple[str, ...]
    paired_code: str | None
    payer: str
    state: str | None
    carc: str
    rarc: str | None
    outcome: str
    what_worked: str | None
    received_week: str


@dataclass(frozen=True)
class DenialPattern:
    hcpcs: str
    total: int
    by_carc: tuple[tuple[str, int], ...]
    by_paired_code: tuple[tuple[str, int], ...]
    by_modifier: tuple[tuple[str, int], ...]
    by_payer: tuple[tuple[str, int], ...]
    by_outcome: tuple[tuple[str, int], ...]
    appeals_won: int
    appeals_lost: int
    what_worked: tuple[str, ...]  # sorted by text: the order says nothing about when they were written
    reporters: int | None = None  # distinct billers, when known

    def summary_lines(self) -> list[str]:
        """Plain lines for `/cpt` (H4 renders them under "Denial patterns from N reports", escaped)."""
        return summary_lines(self)

    @property
    def appeal_win_rate(self) -> Decimal | None:
        """Won / (won + lost), as a fraction rounded to 0.01; None when no appeal was decided."""
        decided = self.appeals_won + self.appeals_lost
        if decided == 0:
            return None
        return (Decimal(self.appeals_won) / Decimal(decided)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _counts(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counter = Counter(values)
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def aggregate(
    hcpcs: str, reports: Sequence[ReportFacts], threshold: int, reporters: int | None = None
) -> DenialPattern | None:
    """The pattern for `hcpcs`, or None below `threshold` (distinct `reporters` when given, else reports).

    Tips are sorted by their text, so their order says nothing about when they were written."""
    mine = [r for r in reports if r.hcpcs == hcpcs]
    if (len(mine) if reporters is None else reporters) < max(1, threshold):
        return None
    tips = sorted({r.what_worked for r in mine if r.what_worked})
    return DenialPattern(
        hcpcs=hcpcs,
        total=len(mine),
        by_carc=_counts(r.carc for r in mine),
        by_paired_code=_counts(r.paired_code for r in mine if r.paired_code),
        by_modifier=_counts(m for r in mine for m in (r.modifiers or ("none",))),
        by_payer=_counts(r.payer for r in mine),
        by_outcome=_counts(r.outcome for r in mine),
        appeals_won=sum(r.outcome == "appeal_won" for r in mine),
        appeals_lost=sum(r.outcome == "appeal_lost" for r in mine),
        what_worked=tuple(tips)[:RECENT_WHAT_WORKED],
        reporters=reporters,
    )


def milestones(threshold: int, count: int) -> list[int]:
    """Every milestone reached by `count` reports: threshold, 2×, 4×, ... ≤ count."""
    out: list[int] = []
    m = max(1, threshold)
    while m <= count:
        out.append(m)
        m *= 2
    return out


def percent(fraction: Decimal) -> str:
    return f"{(fraction * 100).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def _top(pairs: tuple[tuple[str, int], ...], labels: dict[str, str] | None = None, n: int = 4) -> str:
    shown = [f"{labels.get(k, k) if labels else k} ({c})" for k, c in pairs[:n]]
    return ", ".join(shown) if shown else "none"


def summary_lines(pattern: DenialPattern, tips: int = RECENT_WHAT_WORKED) -> list[str]:
    """Plain lines describing a pattern, without a heading; the last lines quote recent "what worked" tips.

    Tips are user text (PHI-screened): the caller escapes them for mrkdwn."""
    lines = [
        "Top reasons: " + ", ".join(f"{k} {CARCS.get(k, '')} ({c})".replace("  ", " ") for k, c in pattern.by_carc[:3]),
        f"Payers: {_top(pattern.by_payer, PAYERS)}",
        f"Modifiers: {_top(pattern.by_modifier)}",
    ]
    if pattern.by_paired_code:
        lines.append(f"Billed with: {_top(pattern.by_paired_code)}")
    lines.append(f"Outcomes: {_top(pattern.by_outcome, OUTCOMES, n=6)}")
    rate = pattern.appeal_win_rate
    if rate is not None:
        decided = pattern.appeals_won + pattern.appeals_lost
        lines.append(f"Appeals won: {percent(rate)} of {decided} decided")
    lines += [f"What worked: “{t}”" for t in pattern.what_worked[:tips]]
    return lines


def pattern_lines(pattern: DenialPattern) -> list[str]:
    """A mrkdwn heading and the summary without tips (posts quote the tips separately, escaped)."""
    return [f"*Denial patterns from {source(pattern)}* for {pattern.hcpcs}", *summary_lines(pattern, tips=0)]


def source(pattern: DenialPattern) -> str:
    """"5 reports" or "6 reports from 5 billers": "billers" only ever counts distinct reporters."""
    reports = f"{pattern.total} report{'s' if pattern.total != 1 else ''}"
    if pattern.reporters is None:
        return reports
    return f"{reports} from {pattern.reporters} biller{'s' if pattern.reporters != 1 else ''}"
