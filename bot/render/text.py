"""Plain-text rendering (for `billbot ask`): the same blocks Slack gets, read as text."""

from __future__ import annotations

import re
from typing import Any

from bot.answer import Answer
from bot.render.blocks import detail_blocks
from bot.render.mrkdwn import as_dicts, help_blocks

_BOLD = re.compile(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(\S(?:.*?\S)?)_(?![\w_])")
_EMOJI = {":white_check_mark:": "✔", ":no_entry:": "✖", ":warning:": "⚠", ":information_source:": "ℹ"}


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain_from_mrkdwn(text: str) -> str:
    text = text.replace("```", "")
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    for code, symbol in _EMOJI.items():
        text = text.replace(code, symbol)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return unescape(text)


def blocks_to_text(blocks: list[dict[str, Any]]) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            title = unescape(block["text"]["text"])
            out.extend([title, "=" * min(len(title), 78)])
        elif kind == "section":
            text = block.get("text") or {}
            value = text.get("text", "")
            out.append(plain_from_mrkdwn(value) if text.get("type") == "mrkdwn" else unescape(value))
        elif kind == "context":
            for el in block.get("elements", []):
                value = el.get("text", "")
                out.append(plain_from_mrkdwn(value) if el.get("type") == "mrkdwn" else unescape(value))
        elif kind == "divider":
            out.append("-" * 40)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def answer_text(ans: Answer) -> str:
    return blocks_to_text(as_dicts(detail_blocks(ans, shared_by="")))


def help_text() -> str:
    return blocks_to_text(as_dicts(help_blocks()))
