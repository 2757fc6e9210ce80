"""Aggregation and form validation (pure)."""

from __future__ import annotations

from bot.reports.aggregate import ReportFacts, aggregate, milestones, pattern_lines
from bot.reports.form import CARCS, STATES, DenialSubmission, parse_modifiers, validate
from bot.reports.text import escape_mrkdwn, milestone_text

KNOWN = {"77002", "20610", "G0121"}.__contains__


def fields(**kw: str) -> dict[str, str | None]:
    base: dict[str, str | None] = {"code": "77002", "payer": "medicare_b", "carc": "CO-97", "outcome": "appeal_won"}
    base.update(kw)
    return base


def test_milestones_are_the_threshold_and_each_doubling() -> None:
    assert milestones(5, 4) == []
    assert milestones(5, 5) == [5]
    assert milestones(5, 45) == [5, 10, 20, 40]
    assert milestones(3, 12) == [3, 6, 12]


def test_nothing_below_the_threshold() -> None:
    facts = [ReportFacts("77002", ("26",), None, "medicaid", None, "CO-4", None, "written_off", None, "2026-W48", i)
             for i in range(1, 5)]  # fmt: skip
    assert aggregate("77002", facts, 5) is None
    assert aggregate("77002", facts, 4) is not None


def test_issue_lists_24_carcs_and_56_states() -> None:
    assert len(CARCS) == 24 and {"CO-4", "CO-236", "B7", "B15"} <= set(CARCS)
    assert len(STATES) == 56 and {"DC", "PR", "GU", "VI", "AS", "MP"} <= set(STATES)


def test_validation_normalises_and_reports_errors_per_block() -> None:
    ok = validate(fields(code=" 77002 ", modifiers="-26 59", paired_code="20610", rarc="n290 ma130"), KNOWN)
    assert isinstance(ok, DenialSubmission)
    assert ok.modifiers == ("26", "59") and ok.rarc == "N290 MA130"
    errors = validate(fields(code="12345", modifiers="ABC", rarc="X1", state="ZZ", carc="CO-999"), KNOWN)
    assert isinstance(errors, dict) and set(errors) == {"code", "modifiers", "rarc", "state", "carc"}
    long = validate(fields(what_worked="x" * 501), KNOWN)
    assert isinstance(long, dict) and "500" in long["what_worked"]
    phi = validate(fields(what_worked="pt DOB 04/12/1947 got paid"), KNOWN)
    assert isinstance(phi, dict) and "a full date" in phi["what_worked"]
    assert parse_modifiers("26,TC") == (["26", "TC"], None)


def test_user_text_is_escaped_in_posts() -> None:
    facts = [ReportFacts("77002", (), None, "commercial", None, "CO-97", None, "appeal_won",
                         "<!channel> see <http://x|here> & more", "2026-W48", i) for i in range(1, 6)]  # fmt: skip
    pattern = aggregate("77002", facts, 5)
    assert pattern is not None
    text = milestone_text(pattern, 5)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert escape_mrkdwn("a<b>&") == "a&lt;b&gt;&amp;"
    assert pattern_lines(pattern)[0].startswith("*Denial patterns from 5 reports*")
