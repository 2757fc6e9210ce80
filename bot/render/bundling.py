"""The NCCI bundling findings (PTP pairs, MUE, add-on checks) as Slack sections: used by `/cpt`
answers and by replies to codes named in conversation."""

from __future__ import annotations

from bot.pricing.ncci.findings import BundlingResult
from bot.render.mrkdwn import BlockLike, chunk_sections, esc


def bundling_blocks(result: BundlingResult) -> list[BlockLike]:
    lines = [f"*Bundling (NCCI, date of service {result.dos.isoformat()})*"]
    if result.pairs:
        for p in result.pairs:
            icon = ":white_check_mark:" if p.bypassed else ":no_entry:"
            lines.append(f"{icon} {esc(p.message)}")
            if p.edit.rationale:
                until = f" through {p.edit.deleted.isoformat()} (last day in force)" if p.edit.deleted else ""
                lines.append(f"      _Rationale: {esc(p.edit.rationale)} · edit in force from "
                             f"{p.edit.effective.isoformat()}{until} · {esc(p.edit.release)}_")
    elif result.ptp_release is not None:
        lines.append(f"No PTP edit between these codes in {esc(result.ptp_release)}.")
    for m in result.mue:
        if m.exceeded:
            lines.append(f":warning: {esc(m.statement)}")
    for a in result.addon:
        icon = ":warning:" if a.eligible is False else ":information_source:"
        lines.append(f"{icon} {esc(a.message)}")
    if result.notes:
        lines.extend(f"• {esc(n)}" for n in result.notes)
    return chunk_sections(lines)
