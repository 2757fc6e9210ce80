"""Slack mrkdwn and Block Kit primitives shared by every reply (slack_sdk.models validates limits).

Every string that did not come from billbot is escaped (`esc`): `&`, `<`, `>` become entities
so `<!channel>`, `<@U…>` and `<http://…|…>` are shown, never acted on. Text quoted back from the
user goes in `plain_text` objects, so `*`, `_`, `~` and backticks are never rendered as formatting.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, PlainTextObject, SectionBlock

DISCLAIMER = (
    "Typical-case estimate under standard Medicare rules; actual payment depends on payer, documentation and locality."
)
MAX_BLOCKS = 50
MAX_SECTION = 2900  # Slack allows 3000 characters in a section's text
SHARE_ACTION = "share_quote"
REPORT_ACTION = "report_denial"
DETAILS_ACTION = "quote_details"

HELP_TEXT = (
    "*/cpt* gives the Medicare Physician Fee Schedule amount for a code, to the cent, with where it came from.\n"
    "• `/cpt 77002` — national amount, office (non-facility) and facility\n"
    "• `/cpt 77002 26` or `/cpt 77002-26` — with modifiers (26, TC, 50, 51, 62, 80, 59, …)\n"
    "• `/cpt 77002 zip:94110` · `/cpt 77002 loc:01112-05` · `/cpt 77002 loc:CA san francisco` — locality\n"
    "• `/cpt 99213 facility` — facility setting (default: office)\n"
    "• `/cpt 77002 dos:2025-11-01 units:2` — date of service (picks the release) and units\n"
    "• `/cpt 77002 release:RVU25D` — price under a named release (as `billbot price --release`)\n"
    "• `/cpt 20610 77002` — two or more codes: a claim under Medicare's claim rules (bilateral, multiple "
    "procedures, …) plus NCCI bundling, MUE and add-on checks\n"
    "• `/cpt watch on` / `/cpt watch off` — in this channel, reply in a thread when a message names codes "
    "that bundle\n"
    "Save a default locality and setting in the app's *Home* tab. Replies are visible only to you until you "
    "press *Share in channel*."
)


def esc(text: object) -> str:
    """Escape for Slack mrkdwn: &, <, > as entities (no mentions, links or channel pings)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = 2900) -> PlainTextObject:
    text = esc(text)
    return PlainTextObject(text=text if len(text) <= limit else text[: limit - 1] + "…", emoji=False)


def md(text: str) -> MarkdownTextObject:
    if len(text) > MAX_SECTION:
        text = text[: MAX_SECTION - 1] + "…"
    return MarkdownTextObject(text=text, verbatim=True)


def money(value: Any) -> str:
    return "—" if value is None else f"${value:,.2f}"


def fmt(value: Any, places: int = 2) -> str:
    return f"{value:.{places}f}"


BlockLike = Block | dict[str, Any]


@lru_cache(maxsize=8192)
def section_md(text: str) -> dict[str, Any]:
    """A validated mrkdwn section as a dict, memoised by its text (the same tips, indicators and
    headers recur for every question about a code). Callers must not mutate the result."""
    return SectionBlock(text=md(text)).to_dict()


@lru_cache(maxsize=8192)
def context_md(text: str) -> dict[str, Any]:
    """A validated mrkdwn context block as a dict, memoised like `section_md`."""
    return ContextBlock(elements=[md(text)]).to_dict()


def help_blocks() -> list[BlockLike]:
    return [section_md(HELP_TEXT), context_md(esc(DISCLAIMER))]


def error_blocks(message: str, hint: str | None = None) -> list[BlockLike]:
    """A user-facing problem. `message` may quote user text: it goes in plain_text."""
    blocks: list[BlockLike] = [SectionBlock(text=plain(message))]
    if hint:
        blocks.append(context_md(hint))
    return blocks


def chunk_sections(lines: list[str]) -> list[BlockLike]:
    blocks: list[BlockLike] = []
    buf = ""
    for line in lines:
        line = line if len(line) <= MAX_SECTION else line[: MAX_SECTION - 1] + "…"
        if len(buf) + len(line) + 1 > MAX_SECTION:
            blocks.append(section_md(buf))
            buf = ""
        buf = f"{buf}\n{line}" if buf else line
    if buf:
        blocks.append(section_md(buf))
    return blocks


def fit(blocks: list[BlockLike]) -> list[BlockLike]:
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    # keep the head, the disclaimer and the buttons; say what was cut
    tail = [b for b in blocks[-2:]]
    head = blocks[: MAX_BLOCKS - 3]
    note = context_md("_Reply shortened to fit Slack's limits: ask about fewer codes at a time to see them all._")
    return [*head, note, *tail]


def as_dicts(blocks: Sequence[BlockLike]) -> list[dict[str, Any]]:
    return [b if isinstance(b, dict) else b.to_dict() for b in blocks]
