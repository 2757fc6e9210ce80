"""Slack Block Kit rendering for `/cpt` answers, help and errors (slack_sdk.models validates limits).

Every string that did not come from this module is escaped (`esc`): `&`, `<`, `>` become entities
so `<!channel>`, `<@U…>` and `<http://…|…>` are shown, never acted on. Text quoted back from the
user goes in `plain_text` objects, so `*`, `_`, `~` and backticks are never rendered as formatting.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.handlers.answer import Answer, CodeAnswer
from bot.services import PureMemo

DISCLAIMER = (
    "Typical-case estimate under standard Medicare rules; actual payment depends on payer, documentation and locality."
)
MAX_BLOCKS = 50
MAX_SECTION = 2900  # Slack allows 3000 characters in a section's text
SHARE_ACTION = "share_quote"
REPORT_ACTION = "report_denial"

HELP_TEXT = (
    "*/cpt* gives the Medicare Physician Fee Schedule amount for a code, to the cent, with where it came from.\n"
    "• `/cpt 77002` — national amount, office (non-facility) and facility\n"
    "• `/cpt 77002 26` or `/cpt 77002-26` — with modifiers (26, TC, 50, 51, 62, 80, 59, …)\n"
    "• `/cpt 77002 zip:94110` · `/cpt 77002 loc:01112-05` · `/cpt 77002 loc:CA san francisco` — locality\n"
    "• `/cpt 99213 facility` — facility setting (default: office)\n"
    "• `/cpt 77002 dos:2025-11-01 units:2` — date of service (picks the release) and units\n"
    "• `/cpt 20610 77002` — two or more codes: each quote plus NCCI bundling, MUE and add-on checks\n"
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


def _fmt(value: Any, places: int = 2) -> str:
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


def failure_blocks(error_id: str) -> list[BlockLike]:
    return [section_md(
        ":warning: Sorry, something went wrong on our side and nothing was changed. Please try again in a "
        f"moment. If it keeps happening, give your admin this error id: `{esc(error_id)}`."
    )]


def _setting_label(facility: bool) -> str:
    return "facility" if facility else "non-facility (office)"


def _amount_line(c: CodeAnswer, facility: bool) -> str:
    q = c.quote
    assert q is not None
    nf, f = money(q.nonfacility_amount), money(q.facility_amount)
    mark_nf = " ← your setting" if not facility else ""
    mark_f = " ← your setting" if facility else ""
    units = f" ({q.units} units)" if q.units != 1 else ""
    return f"*Non-facility (office):* {nf}{mark_nf}\n*Facility:* {f}{mark_f}{units}"


def _rvu_table(q: Any) -> str:
    nf, fa = q.nonfacility, q.facility
    work, pe_nf, mp = nf.components
    pe_f = fa.components[1]
    rows = [
        f"{'':<13}{'RVU':>7}   {'GPCI':>6}   {'RVU×GPCI':>9}",
        f"{'Work':<13}{_fmt(work.rvu):>7} × {_fmt(work.gpci, 3):>6} = {_fmt(work.adjusted, 4):>9}",
        f"{'PE non-fac.':<13}{_fmt(pe_nf.rvu):>7} × {_fmt(pe_nf.gpci, 3):>6} = {_fmt(pe_nf.adjusted, 4):>9}"
        + ("  (NA)" if nf.na else ""),
        f"{'PE facility':<13}{_fmt(pe_f.rvu):>7} × {_fmt(pe_f.gpci, 3):>6} = {_fmt(pe_f.adjusted, 4):>9}"
        + ("  (NA)" if fa.na else ""),
        f"{'MP':<13}{_fmt(mp.rvu):>7} × {_fmt(mp.gpci, 3):>6} = {_fmt(mp.adjusted, 4):>9}",
        f"{'Total non-fac.':<14}{_fmt(nf.total_rvu):>6}{'':12}{_fmt(nf.adjusted_rvu, 4):>9}",
        f"{'Total facility':<14}{_fmt(fa.total_rvu):>6}{'':12}{_fmt(fa.adjusted_rvu, 4):>9}",
        f"Conversion factor {q.conversion_factor}",
    ]
    return "```" + esc("\n".join(rows)) + "```"


def _modifier_text(q: Any) -> str:
    if not q.modifier_effects:
        if q.row_modifier:
            return f"Priced from the {esc(q.row_modifier)} row of the RVU file."
        if q.row.pctc_indicator == "1":
            return "No modifier: the global service (professional and technical components together)."
        return "No modifier: the code's own fee-schedule amount, unchanged."
    return "\n".join(f"• *{esc(e.modifier)}*: {esc(e.text)}" for e in q.modifier_effects)


def _provenance(q: Any) -> str:
    loc = q.locality
    reasons = "; ".join(esc(r) for r in q.confidence_reasons)
    sources = ", ".join(esc(str(s)) for s in q.sources[:4])
    return (
        f"*Locality:* {esc(loc.label)} ({esc(loc.resolved_from)})\n"
        f"*Release:* {esc(q.release)} · CF {esc(q.conversion_factor)} · *Confidence:* {esc(q.confidence)}"
        f" — {reasons}\n*Source rows:* {sources}"
    )


INDICATOR_LABELS = {
    "pctc": "PC/TC",
    "global_days": "Global period",
    "mult_proc": "Multiple procedures",
    "bilat_surg": "Bilateral surgery",
    "asst_surg": "Assistant at surgery",
    "co_surg": "Co-surgeons",
    "team_surg": "Team surgery",
    "endo_base": "Endoscopic base",
    "phys_supervision": "Physician supervision",
    "calculation_flag": "Calculation flag",
    "imaging_family": "Diagnostic imaging family",
    "pricing_indicator": "Pricing indicator",
}


def _indicators_text(q: Any) -> str:
    lines = [f"*Status {esc(q.status)}:* {esc(q.status_text)}"]
    if q.not_used_for_medicare:
        lines.append("• Flagged *not used for Medicare payment* in the RVU file.")
    for i in q.indicators:
        if i.name == "status":
            continue
        label = INDICATOR_LABELS.get(i.name, i.name.replace("_", " ").capitalize())
        lines.append(f"• *{esc(label)}* ({esc(i.value)}): {esc(i.text)}")
    for note in (*q.na_notes, *q.notes):
        lines.append(f"• {esc(note)}")
    return "\n".join(lines)


def _mue_text(c: CodeAnswer, ans: Answer) -> str:
    if c.mue is not None:
        return (f"*MUE:* {c.mue.value} unit(s) — {esc(c.mue.adjudication)} ({esc(c.mue.release)})")
    if ans.ncci_loaded is False:
        return f"*MUE:* not loaded for {ans.ncci_dos} — the NCCI MUE table has not been imported for that date."
    if ans.ncci_loaded is None:
        return "*MUE:* unavailable (NCCI data could not be read)."
    return f"*MUE:* no MUE listed for {esc(c.line.hcpcs)} in the loaded table."


def _tips_text(c: CodeAnswer, limit: int) -> str | None:
    if not c.tips:
        return None
    lines = ["*Billing tips*"]
    for t in c.tips[:limit]:
        lines.append(f"• {esc(t.text)} — _{esc(t.impact)}_")
    if len(c.tips) > limit:
        lines.append(f"_…and {len(c.tips) - limit} more (`billbot ask --json` lists them all)._")
    return "\n".join(lines)


def _pattern_blocks(c: CodeAnswer) -> list[BlockLike]:
    """Denial patterns (only ever present once the code reached the report threshold)."""
    p = c.pattern
    if p is None:
        return []
    from bot.reports.aggregate import pattern_lines

    lines = [esc(x) for x in pattern_lines(p)]
    out: list[BlockLike] = [section_md("\n".join(lines))]
    worked = [w for w in getattr(p, "what_worked", ())[:2] if isinstance(w, str) and w.strip()]
    if worked:  # reporters' own words (screened for patient data when submitted): plain text, escaped
        out.append(ContextBlock(elements=[plain("What worked: " + " | ".join(w[:300] for w in worked))]))
    return out


def _buttons(ans: Answer, c: CodeAnswer | None, share: bool) -> dict[str, Any] | None:
    return _buttons_for(ans.share_text[:2000] if share else None, c.line.hcpcs if c is not None else None)


@lru_cache(maxsize=4096)
def _buttons_for(share_text: str | None, hcpcs: str | None) -> dict[str, Any] | None:
    """The validated actions block (Share in channel and/or Report a denial), memoised by its values."""
    elements = []
    if share_text is not None:
        elements.append(ButtonElement(text="Share in channel", action_id=SHARE_ACTION, value=share_text,
                                      style="primary"))
    if hcpcs is not None:
        elements.append(ButtonElement(text=f"Report a denial ({hcpcs})"[:75], action_id=REPORT_ACTION, value=hcpcs))
    if not elements:
        return None
    return ActionsBlock(elements=elements).to_dict()


def answer_blocks(ans: Answer, *, shared_by: str | None = None) -> list[BlockLike]:
    """The full reply. `shared_by` (a user id) renders the in-channel version without buttons."""
    blocks: list[BlockLike] = []
    interactive = shared_by is None
    single = len(ans.codes) == 1
    if shared_by:
        blocks.append(context_md(f"Shared by <@{esc(shared_by)}>"))
    if ans.defaults_used:
        blocks.append(context_md("Using " + esc(" and ".join(ans.defaults_used))
                                                + " (change them in the app's Home tab)."))
    shared_errors = {c.error for c in ans.codes if c.quote is None and c.other is None}
    unpriced = all(c.quote is None and c.other is None for c in ans.codes)
    if len(ans.codes) > 1 and unpriced and len(shared_errors) == 1:
        # the same reason for every code (e.g. no fee schedule for the date): say it once
        labels = ", ".join(c.line.label for c in ans.codes)
        blocks.append(SectionBlock(text=plain(f"{labels}: {next(iter(shared_errors))}")))
        blocks.append(DividerBlock())
    else:
        for c in ans.codes:
            blocks.extend(_code_blocks(ans, c, detailed=single, interactive=interactive))
            if not single:
                blocks.append(DividerBlock())
    if ans.bundling is not None:
        blocks.extend(bundling_blocks(ans.bundling))
    if ans.notes:
        blocks.append(context_md("\n".join(f"• {esc(n)}" for n in ans.notes)))
    blocks.append(context_md(esc(DISCLAIMER)))
    if interactive:
        share = _buttons(ans, ans.codes[0] if single and ans.codes[0].quote else None, share=True)
        if share is not None:
            blocks.append(share)
    return _fit(blocks)


# Rendered blocks of a priced code, memoised by everything they are drawn from: the data loaded
# (generation), the request priced, the MUE, the NCCI state and the layout. Denial patterns change
# with every report and are rendered per request.
_CODE_MEMO = PureMemo(size=2048)


def _code_blocks(ans: Answer, c: CodeAnswer, *, detailed: bool, interactive: bool) -> list[BlockLike]:
    if c.quote is None and c.other is not None:  # CLFS, ASP, DMEPOS, ANES, OPPS or ASC: a minimal reply
        from bot.render.schedule_quote import schedule_quote_mrkdwn

        return [section_md(schedule_quote_mrkdwn(c.other))]
    if c.quote is None:
        msg = c.error or "could not be priced."
        if c.line.hcpcs not in msg:
            msg = f"{c.line.label}: {msg}"
        out: list[BlockLike] = [SectionBlock(text=plain(msg))]
        if c.suggestions and c.suggestions[0] not in msg:
            out.append(context_md("Closest codes: " + ", ".join(f"`{esc(s)}`" for s in c.suggestions)))
        return out
    quoted: Sequence[BlockLike]
    if c.request is not None and ans.generation:
        key = (ans.generation, c.request, ans.command.variant, c.mue, c.line.label, ans.facility,
               ans.ncci_loaded, ans.ncci_dos, detailed)
        quoted = _CODE_MEMO.get_or(key, lambda: as_dicts(_quoted_blocks(ans, c, detailed=detailed)))
    else:
        quoted = _quoted_blocks(ans, c, detailed=detailed)
    out = [*quoted, *_pattern_blocks(c)]
    if interactive and not detailed:  # detailed: the report button goes with the share button at the end
        buttons = _buttons(ans, c, share=False)
        if buttons is not None:
            out.append(buttons)
    return out


def _quoted_blocks(ans: Answer, c: CodeAnswer, *, detailed: bool) -> list[BlockLike]:
    """Everything shown for a priced code except its denial pattern and buttons (pure in the memo key)."""
    q = c.quote
    assert q is not None
    out: list[BlockLike] = []
    if detailed:
        title = f"{c.line.label} · {q.description}".strip(" ·")
        out.append(HeaderBlock(text=PlainTextObject(text=esc(title)[:150], emoji=False)))
    else:
        out.append(section_md(f"*{esc(c.line.label)}* · {esc(q.description)}"))
    if q.payable:
        amounts = _amount_line(c, ans.facility)
    else:
        amounts = "*No fee-schedule amount* for this code: see its status below."
    out.append(section_md(f"{amounts}\n*Status {esc(q.status)}:* {esc(q.status_text)}"))
    if detailed:
        out.append(section_md("*What the modifier did*\n" + _modifier_text(q)))
        out.append(section_md(_rvu_table(q)))
        indicators = _indicators_text(q).split("\n", 1)
        out.append(section_md("*Global period and indicators*\n" + (
            indicators[1] if len(indicators) > 1 else f"Global period {esc(q.global_days)}")))
        out.append(section_md(_mue_text(c, ans)))
        out.append(context_md(_provenance(q)))
        tips = _tips_text(c, limit=8)
        if tips:
            out.append(section_md(tips))
    else:
        mods = "; ".join(f"{esc(e.modifier)}: {esc(e.text)}" for e in q.modifier_effects)
        facts = [f"Global {esc(q.global_days)}", _mue_text(c, ans).replace("*", ""),
                 f"{esc(q.release)} · CF {esc(q.conversion_factor)} · {esc(q.locality.label)} · "
                 f"confidence {esc(q.confidence)}"]
        if mods:
            facts.insert(0, mods)
        out.append(context_md("\n".join(facts)))
        tips = _tips_text(c, limit=3)
        if tips:
            out.append(section_md(tips))
    return out


def bundling_blocks(result: Any) -> list[BlockLike]:
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
    return _chunk_sections(lines)


def _chunk_sections(lines: list[str]) -> list[BlockLike]:
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


def _fit(blocks: list[BlockLike]) -> list[BlockLike]:
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    # keep the head, the disclaimer and the buttons; say what was cut
    tail = [b for b in blocks[-2:]]
    head = blocks[: MAX_BLOCKS - 3]
    note = context_md("_Reply shortened to fit Slack's limits: `billbot ask` prints it all._")
    return [*head, note, *tail]


def fallback_text(ans: Answer) -> str:
    """The notification text (shown where blocks are not)."""
    parts = []
    for c in ans.codes:
        if c.quote is not None and c.quote.payable:
            parts.append(f"{c.line.label}: {money(c.quote.nonfacility_amount)} non-facility, "
                         f"{money(c.quote.facility_amount)} facility")
        elif c.quote is not None:
            parts.append(f"{c.line.label}: no fee-schedule amount (status {c.quote.status})")
        elif c.other is not None:
            amount = money(c.other.amount) if c.other.amount is not None else "no separate payment"
            parts.append(f"{c.line.label}: {amount} ({c.other.schedule} {c.other.release.label})")
        else:
            parts.append(f"{c.line.label}: not priced")
    return esc("; ".join(parts) + (f" ({ans.release})" if ans.release else ""))[:3000]


def as_dicts(blocks: Sequence[BlockLike]) -> list[dict[str, Any]]:
    return [b if isinstance(b, dict) else b.to_dict() for b in blocks]
