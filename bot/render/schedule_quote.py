"""A quote from a non-PFS schedule (CLFS, ASP, DMEPOS, ANES, OPPS, ASC) as text: a minimal Slack
mrkdwn reply (amount, schedule, release, provenance) and the same lines as plain text for the CLI."""

from __future__ import annotations

from decimal import Decimal

from bot.pricing.schedules.types import ScheduleQuote

NAMES = {
    "CLFS": "Clinical Laboratory Fee Schedule",
    "ASP": "Part B drug payment limit (ASP)",
    "DMEPOS": "DMEPOS fee schedule",
    "ANES": "Anesthesia (PFS anesthesia conversion factor)",
    "OPPS": "OPPS (hospital outpatient facility)",
    "ASC": "ASC (ambulatory surgical center facility)",
}


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _money(amount: Decimal | None) -> str:
    return "no separate payment" if amount is None else f"${amount:,.2f}"


def _units(q: ScheduleQuote) -> str:
    if q.schedule == "ANES":
        return f" for {q.units.normalize():f} units"
    return "" if q.units == 1 else f" for {q.units.normalize():f} units"


def schedule_quote_lines(q: ScheduleQuote, *, mrkdwn: bool = True) -> list[str]:
    """Headline, basis, release, details, notes, confidence and source, one string per line."""
    esc = escape if mrkdwn else (lambda s: s)
    bold = (lambda s: f"*{s}*") if mrkdwn else (lambda s: s)
    code = q.hcpcs + (f"-{'-'.join(q.modifiers)}" if q.modifiers else "")
    head = f"{bold(code)}  {esc(q.description)}".rstrip()
    lines = [
        head,
        f"{bold(_money(q.amount))}{_units(q)} — {NAMES.get(q.schedule, q.schedule)}",
        f"Basis: {esc(q.basis)}" + (f" ({q.unit_amount} per unit)" if q.unit_amount is not None else ""),
        f"Release: {esc(q.release.label)} ({q.release.period})",
    ]
    if q.indicator and q.indicator_text:
        lines.append(f"Indicator {esc(q.indicator)}: {esc(q.indicator_text)}")
    lines += [
        f"{esc(k)}: {esc(v)}" for k, v in q.details if not k.startswith(("Payment indicator", "Status indicator"))
    ]
    lines += [f"Note: {esc(n)}" for n in q.notes]
    reasons = "; ".join(q.confidence_reasons)
    lines.append(f"Confidence: {q.confidence}" + (f" ({esc(reasons)})" if reasons else ""))
    lines.append("Source: " + ", ".join(esc(str(s)) for s in q.sources))
    return lines


def schedule_quote_mrkdwn(q: ScheduleQuote) -> str:
    return "\n".join(schedule_quote_lines(q, mrkdwn=True))


def schedule_quote_text(q: ScheduleQuote) -> str:
    return "\n".join(schedule_quote_lines(q, mrkdwn=False)) + "\n"
