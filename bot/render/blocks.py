"""Slack Block Kit rendering of a `/cpt` answer: one code in detail, several codes in brief,
the buttons, and the notification text. Primitives (escaping, limits) are in `bot.render.mrkdwn`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    PlainTextObject,
    SectionBlock,
)

from bot.answer import Answer, CodeAnswer
from bot.pricing.quote import Quote
from bot.pricing.tips import Tip
from bot.pricing.tips.surgery import is_surgical
from bot.render.bundling import bundling_blocks
from bot.render.claim import claim_lines
from bot.render.mrkdwn import (
    DETAILS_ACTION,
    DISCLAIMER,
    REPORT_ACTION,
    SHARE_ACTION,
    BlockLike,
    as_dicts,
    chunk_sections,
    context_md,
    esc,
    fit,
    fmt,
    money,
    plain,
    section_md,
)
from bot.render.schedule_quote import schedule_quote_mrkdwn
from bot.reports.aggregate import pattern_lines
from bot.stores.cache import PureMemo


def _amount_line(c: CodeAnswer, facility: bool) -> str:
    q = c.quote
    assert q is not None
    nf, f = money(q.nonfacility_amount), money(q.facility_amount)
    mark_nf = " ← your setting" if not facility else ""
    mark_f = " ← your setting" if facility else ""
    units = f" ({q.units} units)" if q.units != 1 else ""
    return f"*Non-facility (office):* {nf}{mark_nf}\n*Facility:* {f}{mark_f}{units}"


def _rvu_table(q: Quote) -> str:
    nf, fa = q.nonfacility, q.facility
    work, pe_nf, mp = nf.components
    pe_f = fa.components[1]
    rows = [
        f"{'':<13}{'RVU':>7}   {'GPCI':>6}   {'RVU×GPCI':>9}",
        f"{'Work':<13}{fmt(work.rvu):>7} × {fmt(work.gpci, 3):>6} = {fmt(work.adjusted, 4):>9}",
        f"{'PE non-fac.':<13}{fmt(pe_nf.rvu):>7} × {fmt(pe_nf.gpci, 3):>6} = {fmt(pe_nf.adjusted, 4):>9}"
        + ("  (NA)" if nf.na else ""),
        f"{'PE facility':<13}{fmt(pe_f.rvu):>7} × {fmt(pe_f.gpci, 3):>6} = {fmt(pe_f.adjusted, 4):>9}"
        + ("  (NA)" if fa.na else ""),
        f"{'MP':<13}{fmt(mp.rvu):>7} × {fmt(mp.gpci, 3):>6} = {fmt(mp.adjusted, 4):>9}",
        f"{'Total non-fac.':<14}{fmt(nf.total_rvu):>6}{'':12}{fmt(nf.adjusted_rvu, 4):>9}",
        f"{'Total facility':<14}{fmt(fa.total_rvu):>6}{'':12}{fmt(fa.adjusted_rvu, 4):>9}",
        f"Conversion factor {q.conversion_factor}",
    ]
    return "```" + esc("\n".join(rows)) + "```"


def _modifier_text(q: Quote) -> str:
    if not q.modifier_effects:
        if q.row_modifier:
            return f"Priced from the {esc(q.row_modifier)} row of the RVU file."
        if q.row.pctc_indicator == "1":
            return "No modifier: the global service (professional and technical components together)."
        return "No modifier: the code's own fee-schedule amount, unchanged."
    return "\n".join(f"• *{esc(e.modifier)}*: {esc(e.text)}" for e in q.modifier_effects)


def _provenance(q: Quote) -> str:
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


_SURGICAL_ONLY = {"bilat_surg", "asst_surg", "co_surg", "team_surg"}
_NOT_APPLICABLE = {"pctc": {"0", "9"}, "global_days": {"XXX", ""}, "mult_proc": {"0", "9"},
                   "bilat_surg": {"9"}, "asst_surg": {"9"}, "co_surg": {"9"}, "team_surg": {"9"},
                   "phys_supervision": {"09", ""}}


def applies(q: Quote, name: str, value: str) -> bool:
    """An indicator line is shown only when it permits or forbids something for this code: global
    surgery days (and ZZZ, the add-on mark) for procedures, bilateral/assistant/co-/team surgery only for a
    surgical code, PC/TC, multiple-procedure and supervision only when the concept applies (RVU25D.pdf)."""
    if name in _SURGICAL_ONLY and not is_surgical(q.row):
        return False
    return value.strip() not in _NOT_APPLICABLE.get(name, set())


def _indicators_text(q: Quote) -> str:
    lines = [f"*Status {esc(q.status)}:* {esc(q.status_text)}"]
    if q.not_used_for_medicare:
        lines.append("• Flagged *not used for Medicare payment* in the RVU file.")
    for i in q.indicators:
        if i.name == "status" or not applies(q, i.name, i.value):
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


def tip_line(t: Tip, *, with_source: bool) -> str:
    """One tip: the advice, its source (always for a curated tip), then what it saves or prevents."""
    ref = t.reference or (t.source if with_source and t.kind == "derived" else "")
    source = f" _(Source: {esc(ref)})_" if ref else ""
    return f"• {esc(t.text)}{source} *Impact:* {esc(t.impact)}"


def top_tips(c: CodeAnswer, limit: int) -> list[Tip]:
    """The tips to show first: those about a modifier the user asked for, then the file's order."""
    asked = {e.modifier for e in (c.quote.modifier_effects if c.quote else ())}
    topics = {t for m in asked for t in _MODIFIER_TOPICS.get(m, ())}
    ranked = sorted(c.tips, key=lambda t: 0 if t.topic in topics else 1)
    return ranked[:limit]


_MODIFIER_TOPICS = {"26": ("pctc",), "TC": ("pctc",), "50": ("bilateral",), "51": ("multiple-procedure",),
                    "62": ("co-surgery",), "66": ("team-surgery",), "80": ("assistant",), "81": ("assistant",),
                    "82": ("assistant",), "AS": ("assistant",)}


def _tips_text(c: CodeAnswer, limit: int | None) -> str | None:
    """`limit` None: every tip with its source (the Details view)."""
    if not c.tips:
        return None
    lines = ["*Billing tips*"]
    shown = c.tips if limit is None else top_tips(c, limit)
    lines.extend(tip_line(t, with_source=limit is None) for t in shown)
    if len(c.tips) > len(shown):
        lines.append(f"_…and {len(c.tips) - len(shown)} more under *Details*._")
    return "\n".join(lines)


def _pattern_blocks(c: CodeAnswer) -> list[BlockLike]:
    """Denial patterns (only ever present once the code reached the report threshold)."""
    p = c.pattern
    if p is None:
        return []
    lines = [esc(x) for x in pattern_lines(p)]
    out: list[BlockLike] = [section_md("\n".join(lines))]
    worked = [w for w in getattr(p, "what_worked", ())[:2] if isinstance(w, str) and w.strip()]
    if worked:  # reporters' own words (screened for patient data when submitted): plain text, escaped
        out.append(ContextBlock(elements=[plain("What worked: " + " | ".join(w[:300] for w in worked))]))
    return out


def _buttons(ans: Answer, c: CodeAnswer | None, share: bool, details: bool = False) -> dict[str, Any] | None:
    return _buttons_for(ans.share_text[:2000] if share else None, c.line.hcpcs if c is not None else None,
                        ans.share_text[:2000] if details else None)


@lru_cache(maxsize=4096)
def _buttons_for(share_text: str | None, hcpcs: str | None, details: str | None = None) -> dict[str, Any] | None:
    """The validated actions block (Details, Share in channel and/or Report a denial), memoised by its values."""
    elements = []
    if details is not None:
        elements.append(ButtonElement(text="Details", action_id=DETAILS_ACTION, value=details))
    if share_text is not None:
        elements.append(ButtonElement(text="Share in channel", action_id=SHARE_ACTION, value=share_text,
                                      style="primary"))
    if hcpcs is not None:
        elements.append(ButtonElement(text=f"Report a denial ({hcpcs})"[:75], action_id=REPORT_ACTION, value=hcpcs))
    if not elements:
        return None
    return ActionsBlock(elements=elements).to_dict()


def answer_blocks(ans: Answer, *, shared_by: str | None = None) -> list[BlockLike]:
    """The first reply: one phone screen (amounts, what the modifier did, flags, the top tips), with a
    Details button for the rest. `shared_by` (a user id) renders the in-channel version without buttons."""
    return _answer_blocks(ans, shared_by=shared_by, detailed=False)


def detail_blocks(ans: Answer, *, shared_by: str | None = None) -> list[BlockLike]:
    """Everything: RVU/GPCI table, the indicators that apply, provenance (file:line), every tip with its
    source. Shown by the Details button (it replaces the first reply) and printed by `billbot ask`."""
    return _answer_blocks(ans, shared_by=shared_by, detailed=True)


def _answer_blocks(ans: Answer, *, shared_by: str | None, detailed: bool) -> list[BlockLike]:
    blocks: list[BlockLike] = []
    interactive = shared_by is None
    single = len(ans.codes) == 1
    if shared_by:
        blocks.append(context_md(f"Shared by <@{esc(shared_by)}>"))
    if ans.defaults_used:
        blocks.append(context_md("Using " + esc(" and ".join(ans.defaults_used))
                                                + " (change them in the app's Home tab)."))
    if ans.claim is not None:
        blocks.extend(chunk_sections(claim_lines(ans.claim, ans.bundling, esc)))
        blocks.append(DividerBlock())
    shared_errors = {c.error for c in ans.codes if c.quote is None and c.other is None}
    unpriced = all(c.quote is None and c.other is None for c in ans.codes)
    if len(ans.codes) > 1 and unpriced and len(shared_errors) == 1:
        # the same reason for every code (e.g. no fee schedule for the date): say it once
        labels = ", ".join(c.line.label for c in ans.codes)
        blocks.append(SectionBlock(text=plain(f"{labels}: {next(iter(shared_errors))}")))
        blocks.append(DividerBlock())
    else:
        for c in ans.codes:
            layout = "detail" if detailed else ("first" if single else "brief")
            blocks.extend(_code_blocks(ans, c, layout=layout, interactive=interactive))
            if not single:
                blocks.append(DividerBlock())
    if ans.bundling is not None:
        blocks.extend(bundling_blocks(ans.bundling))
    # The answer's notes and the disclaimer share one context block (one screen: every block counts).
    blocks.append(context_md("\n".join([*(f"• {esc(n)}" for n in ans.notes), esc(DISCLAIMER)])))
    if interactive:
        more = not detailed and any(c.quote is not None for c in ans.codes)
        share = _buttons(ans, ans.codes[0] if single and ans.codes[0].quote else None, share=True, details=more)
        if share is not None:
            blocks.append(share)
    return fit(blocks)


# Rendered blocks of a priced code, memoised by everything they are drawn from: the data loaded
# (generation), the request priced, the MUE, the NCCI state and the layout. Denial patterns change
# with every report and are rendered per request.
_CODE_MEMO = PureMemo(size=2048)


def _code_blocks(ans: Answer, c: CodeAnswer, *, layout: str, interactive: bool) -> list[BlockLike]:
    if c.quote is None and c.other is not None:  # CLFS, ASP, DMEPOS, ANES, OPPS or ASC: a minimal reply
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
               ans.ncci_loaded, ans.ncci_dos, layout)
        quoted = _CODE_MEMO.get_or(key, lambda: as_dicts(_quoted_blocks(ans, c, layout=layout)))
    else:
        quoted = _quoted_blocks(ans, c, layout=layout)
    out = [*quoted, *_pattern_blocks(c)]
    if interactive and (layout == "brief" or (layout == "detail" and len(ans.codes) > 1)):
        # one code: the report button goes with the share button at the end
        buttons = _buttons(ans, c, share=False)
        if buttons is not None:
            out.append(buttons)
    return out


def _flags(c: CodeAnswer, ans: Answer) -> str:
    """What a biller must not miss: the MUE, a confidence below high and why, the quote's notes."""
    q = c.quote
    assert q is not None
    lines = [_mue_text(c, ans)]
    days = next((i for i in q.indicators if i.name == "global_days"), None)
    if days is not None and applies(q, days.name, days.value):  # an add-on (ZZZ) or a surgical global period
        lines.insert(0, f"*Global period {esc(days.value)}:* {esc(days.text)}")
    if q.not_used_for_medicare:
        lines.append("Flagged *not used for Medicare payment* in the RVU file.")
    if q.confidence != "high":
        lines.append(f"*Confidence {esc(q.confidence)}:* " + "; ".join(esc(r) for r in q.confidence_reasons))
    lines.extend(f":warning: {esc(n)}" for n in q.notes)
    return "\n".join(lines)


def _quoted_blocks(ans: Answer, c: CodeAnswer, *, layout: str) -> list[BlockLike]:
    """Everything shown for a priced code except its denial pattern and buttons (pure in the memo key).
    layout: "first" (one code, one screen), "detail" (everything), "brief" (one of several codes)."""
    q = c.quote
    assert q is not None
    out: list[BlockLike] = []
    if layout != "brief":
        title = f"{c.line.label} · {q.description}".strip(" ·")
        out.append(HeaderBlock(text=PlainTextObject(text=esc(title)[:150], emoji=False)))
    else:
        out.append(section_md(f"*{esc(c.line.label)}* · {esc(q.description)}"))
    if q.payable:
        amounts = _amount_line(c, ans.facility)
    else:
        amounts = "*No fee-schedule amount* for this code: see its status below."
    status = f"*Status {esc(q.status)}:* {esc(q.status_text)}"
    if layout == "first":
        where = f"_{esc(q.locality.label)} · {esc(q.release)} · CF {esc(q.conversion_factor)}_"
        out.append(section_md(f"{amounts}\n{where}\n{status}\n{_modifier_text(q)}"))
        out.append(context_md(_flags(c, ans)))
        tips = _tips_text(c, limit=2)
        if tips:
            out.append(section_md(tips))
    elif layout == "detail":
        out.append(section_md(f"{amounts}\n{status}"))
        out.append(section_md("*What the modifier did*\n" + _modifier_text(q)))
        out.append(section_md(_rvu_table(q)))
        indicators = _indicators_text(q).split("\n", 1)
        out.append(section_md("*Global period and indicators*\n" + (
            indicators[1] if len(indicators) > 1 else f"Global period {esc(q.global_days)}")))
        out.append(section_md(_mue_text(c, ans)))
        out.append(context_md(_provenance(q)))
        tips = _tips_text(c, limit=None)
        if tips:
            out.extend(chunk_sections(tips.split("\n")))
    else:
        out.append(section_md(f"{amounts}\n{status}"))
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


def fallback_text(ans: Answer) -> str:
    """The notification text (shown where blocks are not): names the release each amount was priced
    under (an older one when the newest lacks the code), not merely the newest release loaded."""
    priced = {c.quote.release for c in ans.codes if c.quote is not None}
    per_code = len(priced) > 1
    parts = []
    if ans.claim is not None:
        parts.append(f"Claim total allowed {money(ans.claim.total_allowed)}")
    for c in ans.codes:
        q = c.quote
        under = f" ({q.release})" if per_code and q is not None else ""
        if q is not None and q.payable:
            parts.append(f"{c.line.label}: {money(q.nonfacility_amount)} non-facility, "
                         f"{money(q.facility_amount)} facility{under}")
        elif q is not None:
            parts.append(f"{c.line.label}: no fee-schedule amount (status {q.status}){under}")
        elif c.other is not None:
            amount = money(c.other.amount) if c.other.amount is not None else "no separate payment"
            parts.append(f"{c.line.label}: {amount} ({c.other.schedule} {c.other.release.label})")
        else:
            parts.append(f"{c.line.label}: not priced")
    only_pfs = all(c.other is None for c in ans.codes)  # other schedules name their release on their line
    release = next(iter(priced)) if len(priced) == 1 else (ans.release if not priced and only_pfs else None)
    return esc("; ".join(parts) + (f" ({release})" if release else ""))[:3000]
