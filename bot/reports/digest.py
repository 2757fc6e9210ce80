"""The weekly denial digest: content and chart. Pure (the chart is rendered into bytes, nothing is written).

Covered week: the ISO week of the day before the slot, in BILLBOT_TIMEZONE — for the default
Monday 09:00 schedule that is the week that just ended. Threshold rules apply: a code appears
(in top codes, CARC counts, win rates) only when it has at least `threshold` reports in total.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot.reports.aggregate import ReportFacts, percent
from bot.reports.form import CARCS

TOP_N = 5
CHART_WEEKS = 8


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def covered_week(slot_local: datetime) -> str:
    """The ISO week a digest at `slot_local` (a local time) reports on."""
    return iso_week((slot_local - timedelta(days=1)).date())


def previous_weeks(week: str, n: int) -> list[str]:
    """`week` and the n-1 weeks before it, oldest first."""
    monday = date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
    return [iso_week(monday - timedelta(weeks=i)) for i in range(n - 1, -1, -1)]


@dataclass(frozen=True)
class DigestCodeRow:
    hcpcs: str
    this_week: int
    total: int
    appeals_won: int
    appeals_lost: int

    @property
    def win_rate(self) -> Decimal | None:
        decided = self.appeals_won + self.appeals_lost
        if not decided:
            return None
        return (Decimal(self.appeals_won) / decided).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Digest:
    week: str
    previous_week: str
    this_week_total: int
    last_week_total: int
    top_codes: tuple[DigestCodeRow, ...]
    top_carcs: tuple[tuple[str, int], ...]
    milestones: tuple[tuple[str, int], ...]
    weekly_totals: tuple[tuple[str, int], ...]  # CHART_WEEKS weeks, oldest first
    threshold: int


def build_digest(
    week: str,
    reports: Sequence[ReportFacts],
    totals_by_code: Mapping[str, int],
    milestones_this_week: Sequence[tuple[str, int]],
    threshold: int,
    appeals_by_code: Mapping[str, tuple[int, int]] | None = None,
) -> Digest:
    """`reports`: the reports of the CHART_WEEKS weeks ending with `week`; `totals_by_code`: all-time counts;
    `appeals_by_code`: all-time (won, lost) per code.

    Threshold rules: a code appears only with at least `threshold` reports in all; its win rate is over all
    its reports (a rate over this week's one or two reports would reveal their outcomes); the week's
    reason breakdown is shown only when the week's reports of those codes number at least `threshold`."""
    appeals_by_code = appeals_by_code or {}
    weeks = previous_weeks(week, CHART_WEEKS)
    prev = weeks[-2]
    eligible = {code for code, n in totals_by_code.items() if n >= threshold}
    this_week = [r for r in reports if r.received_week == week]
    last_week = [r for r in reports if r.received_week == prev]

    per_code: dict[str, list[ReportFacts]] = {}
    for r in this_week:
        if r.hcpcs in eligible:
            per_code.setdefault(r.hcpcs, []).append(r)
    lines = [
        DigestCodeRow(
            hcpcs=code,
            this_week=len(rs),
            total=totals_by_code[code],
            appeals_won=appeals_by_code.get(code, (0, 0))[0],
            appeals_lost=appeals_by_code.get(code, (0, 0))[1],
        )
        for code, rs in per_code.items()
    ]
    lines.sort(key=lambda c: (-c.this_week, -c.total, c.hcpcs))
    shown = [r for rs in per_code.values() for r in rs]
    carcs = Counter(r.carc for r in shown) if len(shown) >= threshold else Counter()
    weekly = Counter(r.received_week for r in reports)
    return Digest(
        week=week,
        previous_week=prev,
        this_week_total=len(this_week),
        last_week_total=len(last_week),
        top_codes=tuple(lines[:TOP_N]),
        top_carcs=tuple(sorted(carcs.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N]),
        milestones=tuple(sorted((c, t) for c, t in milestones_this_week if c in eligible)),
        weekly_totals=tuple((w, weekly.get(w, 0)) for w in weeks),
        threshold=threshold,
    )


def digest_text(d: Digest) -> str:
    change = d.this_week_total - d.last_week_total
    trend = "same as" if change == 0 else (f"{change:+d} vs")
    lines = [
        f":spiral_calendar_pad: *Weekly denial digest — {d.week}*",
        f"*{d.this_week_total}* reports this week ({trend} {d.last_week_total} in {d.previous_week}).",
    ]
    if d.top_codes:
        lines.append(f"*Top codes* (codes with at least {d.threshold} reports):")
        for c in d.top_codes:
            rate = f", appeals won {percent(c.win_rate)} overall" if c.win_rate is not None else ""
            lines.append(f"• {c.hcpcs}: {c.this_week} this week, {c.total} in all{rate}")
    else:
        lines.append(f"No code has reached {d.threshold} reports yet, so no per-code patterns to share.")
    if d.top_carcs:
        lines.append("*Top reasons this week:* " + ", ".join(f"{k} {CARCS.get(k, '')} ({n})" for k, n in d.top_carcs))
    elif d.top_codes:
        lines.append(f"_Fewer than {d.threshold} reports of those codes this week: no breakdown by reason._")
    if d.milestones:
        lines.append("*Milestones:* " + ", ".join(f"{c} reached {t} reports" for c, t in d.milestones))
    lines.append("_Anonymous reports; a code shows up only once it has enough of them._")
    return "\n".join(lines)


def chart_png(d: Digest) -> bytes:
    """A PNG: reports per week (all codes, last 8 weeks) and this week's top codes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.6), dpi=100)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    weeks = [w[5:] for w, _ in d.weekly_totals]
    left.bar(weeks, [n for _, n in d.weekly_totals], color="#4a78b5")
    left.set_title("Reports per week")
    left.tick_params(axis="x", labelrotation=45, labelsize=8)
    left.yaxis.get_major_locator().set_params(integer=True)
    left.set_ylim(bottom=0, top=max([n for _, n in d.weekly_totals] + [1]) * 1.1)  # counts: from 0, never negative
    if d.top_codes:
        codes = [c.hcpcs for c in d.top_codes][::-1]
        right.barh(codes, [c.this_week for c in d.top_codes][::-1], color="#d9822b")
        right.xaxis.get_major_locator().set_params(integer=True)
    else:
        right.text(0.5, 0.5, "No code above\nthe threshold yet", ha="center", va="center")
        right.set_xticks([])
        right.set_yticks([])
    right.set_title(f"Top codes, {d.week}")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
