"""Text helpers for what the bot posts about reports. Pure."""

from __future__ import annotations

from bot.reports.aggregate import DenialPattern, pattern_lines


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as control characters, so user text cannot ping
    (`<!channel>`), link or mention anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quote(text: str, limit: int = 500) -> str:
    """A user's "what worked" text as a mrkdwn quote, escaped, one line per quoted line."""
    body = escape_mrkdwn(text[:limit])
    return "\n".join("> " + line for line in body.splitlines() or [""])


def milestone_text(pattern: DenialPattern, milestone: int) -> str:
    """The channel post when a code reaches a milestone (5, 10, 20, ...)."""
    lines = [f":bar_chart: *{pattern.hcpcs}* has reached {milestone} billers sending anonymous denial reports."]
    lines += pattern_lines(pattern)
    if pattern.what_worked:
        lines.append("*What worked (in alphabetical order):*")
        lines += [quote(t) for t in pattern.what_worked]
    lines.append("_Reports are anonymous; patterns appear only once a code has enough of them._")
    return "\n".join(lines)
