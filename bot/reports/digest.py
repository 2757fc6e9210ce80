"""The weekly denial digest, built ONLY from published snapshots. Pure: no I/O, no clock (the chart is
rendered into bytes, nothing is written).

A snapshot is a code's aggregate as published each time its distinct billers reach a multiple of
BILLBOT_REPORT_THRESHOLD — the same thing `/cpt` shows. The digest of an ISO week shows the snapshots
published in that week, each exactly as published, and the chart counts the billers those snapshots
added, week by week. A report that does not complete a snapshot changes no input here, so two digests
(or previews) either side of one report are identical: nobody learns what one report said.

Covered week: the ISO week of the day before the slot, in BILLBOT_TIMEZONE — for the default
Monday 09:00 schedule that is the week that just ended.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.reports.aggregate import DenialPattern, milestones, percent, source
from bot.reports.form import CARCS, OUTCOMES
from bot.reports.text import quote

TOP_N = 5
TIPS = 3
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
class PublishedSnapshot:
    """One published snapshot: the ISO week it was published in, its distinct billers, its aggregate."""

    week: str
    reporters: int
    pattern: DenialPattern


@dataclass(frozen=True)
class DigestCode:
    """A code with a snapshot published in the digest's week: the latest such snapshot."""

    pattern: DenialPattern
    reporters: int  # distinct billers in that snapshot
    new_billers: int  # billers it adds over the code's previous snapshot (all of them for a first one)

    @property
    def hcpcs(self) -> str:
        return self.pattern.hcpcs


@dataclass(frozen=True)
class Digest:
    week: str
    previous_week: str
    threshold: int
    codes: tuple[DigestCode, ...]  # most new billers first
    top_carcs: tuple[tuple[str, int], ...]  # over the reports inside those snapshots
    outcomes: tuple[tuple[str, int], ...]
    tips: tuple[tuple[str, str], ...]  # (code, tip), sorted by tip text
    milestones: tuple[tuple[str, int], ...]  # (code, billers) reached this week
    weekly_billers: tuple[tuple[str, int], ...]  # billers added by published snapshots, CHART_WEEKS weeks

    @property
    def top_codes(self) -> tuple[DigestCode, ...]:
        return self.codes[:TOP_N]

    @property
    def this_week_billers(self) -> int:
        return self.weekly_billers[-1][1]

    @property
    def last_week_billers(self) -> int:
        return self.weekly_billers[-2][1]


def _summed(pairs: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    total: Counter[str] = Counter()
    for key, n in pairs:
        total[key] += n
    return tuple(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))


def build_digest(week: str, snapshots: Sequence[PublishedSnapshot], threshold: int) -> Digest:
    """The digest of ISO `week` from published snapshots only.

    `snapshots`: the snapshots published up to `week` (later ones are ignored, so a past week's digest
    never changes); a snapshot below `threshold` billers (the threshold was raised since) is ignored."""
    weeks = previous_weeks(week, CHART_WEEKS)
    floor = max(1, threshold)
    known = sorted((s for s in snapshots if s.week <= week and s.reporters >= floor),
                   key=lambda s: (s.pattern.hcpcs, s.reporters))  # fmt: skip
    added: list[tuple[PublishedSnapshot, int]] = []
    previous: dict[str, int] = {}
    for s in known:
        added.append((s, s.reporters - previous.get(s.pattern.hcpcs, 0)))
        previous[s.pattern.hcpcs] = s.reporters
    latest: dict[str, DigestCode] = {}
    for s, new in added:
        if s.week == week:
            before = latest.get(s.pattern.hcpcs)
            latest[s.pattern.hcpcs] = DigestCode(s.pattern, s.reporters, new + (before.new_billers if before else 0))
    codes = sorted(latest.values(), key=lambda c: (-c.new_billers, -c.reporters, c.hcpcs))
    weekly = Counter[str]()
    for s, new in added:
        weekly[s.week] += new
    tips = sorted({(t, c.hcpcs) for c in codes for t in c.pattern.what_worked})
    reached = {(s.pattern.hcpcs, s.reporters) for s, _ in added
               if s.week == week and s.reporters in milestones(threshold, s.reporters)}  # fmt: skip
    return Digest(
        week=week,
        previous_week=weeks[-2],
        threshold=threshold,
        codes=tuple(codes),
        top_carcs=_summed(pair for c in codes for pair in c.pattern.by_carc)[:TOP_N],
        outcomes=_summed(pair for c in codes for pair in c.pattern.by_outcome),
        tips=tuple((code, tip) for tip, code in tips[:TIPS]),
        milestones=tuple(sorted(reached)),
        weekly_billers=tuple((w, weekly.get(w, 0)) for w in weeks),
    )


def _billers(n: int) -> str:
    return f"{n} biller{'s' if n != 1 else ''}"


def _code_line(c: DigestCode) -> str:
    line = f"• {c.hcpcs}: {source(c.pattern)}"
    if c.new_billers < c.reporters:
        line += f" (+{_billers(c.new_billers)} since its previous snapshot)"
    rate = c.pattern.appeal_win_rate
    if rate is not None:
        line += f", appeals won {percent(rate)} of {c.pattern.appeals_won + c.pattern.appeals_lost} decided"
    return line


def digest_text(d: Digest) -> str:
    change = d.this_week_billers - d.last_week_billers
    trend = "same as" if change == 0 else f"{change:+d} vs"
    lines = [f":spiral_calendar_pad: *Weekly denial digest — {d.week}*"]
    if d.codes:
        n = len(d.codes)
        lines.append(
            f"*{n}* code{'s' if n != 1 else ''} published a new snapshot this week, adding "
            f"*{d.this_week_billers}* billers ({trend} {d.last_week_billers} in {d.previous_week})."
        )
        lines.append(f"*Top codes* (each snapshot from at least {_billers(d.threshold)}):")
        lines += [_code_line(c) for c in d.top_codes]
        reasons = ", ".join(f"{k} {CARCS.get(k, '')} ({c})".replace("  ", " ") for k, c in d.top_carcs)
        lines.append(f"*Top reasons in these snapshots:* {reasons}")
        lines.append("*Outcomes:* " + ", ".join(f"{OUTCOMES.get(k, k)} ({c})" for k, c in d.outcomes))
    else:
        lines.append(
            f"No code published a new snapshot this week (a snapshot needs at least {_billers(d.threshold)}, "
            f"then each {d.threshold} more; {d.last_week_billers} billers were added in {d.previous_week})."
        )
    if d.tips:
        lines.append("*What worked (in alphabetical order):*")
        lines += [f"{quote(tip)}  ({code})" for code, tip in d.tips]
    if d.milestones:
        lines.append("*Milestones:* " + ", ".join(f"{c} reached {_billers(t)}" for c, t in d.milestones))
    lines.append(
        f"_Built only from published snapshots: a report shows here once {_billers(d.threshold)} have "
        f"reported its code (and with each {d.threshold} more after that)._"
    )
    return "\n".join(lines)


def chart_png(d: Digest) -> bytes:
    """A PNG: billers added by published snapshots per week (last 8 weeks) and the week's top codes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.6), dpi=100)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    weeks = [w[5:] for w, _ in d.weekly_billers]
    left.bar(weeks, [n for _, n in d.weekly_billers], color="#4a78b5")
    left.set_title("Billers in snapshots published per week", fontsize=10)
    left.tick_params(axis="x", labelrotation=45, labelsize=8)
    left.yaxis.get_major_locator().set_params(integer=True)
    left.set_ylim(bottom=0, top=max([n for _, n in d.weekly_billers] + [1]) * 1.1)  # counts: from 0, never negative
    if d.top_codes:
        codes = [c.hcpcs for c in d.top_codes][::-1]
        right.barh(codes, [c.reporters for c in d.top_codes][::-1], color="#d9822b")
        right.xaxis.get_major_locator().set_params(integer=True)
    else:
        right.text(0.5, 0.5, "No snapshot\npublished this week", ha="center", va="center")
        right.set_xticks([])
        right.set_yticks([])
    right.set_title(f"Billers per code, {d.week}", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def chart_data(d: Digest) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    """What the chart plots: (billers per week, billers per top code), for tests and comparisons."""
    return d.weekly_billers, tuple((c.hcpcs, c.reporters) for c in d.top_codes)
