"""Aggregation and form validation (pure)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from pathlib import Path

from bot.reports.aggregate import ReportFacts, aggregate, milestones, pattern_lines
from bot.reports.form import CARCS, OUTCOMES, PAYERS, STATES, DenialSubmission, parse_modifiers
from bot.reports.form import validate as validate_with
from bot.reports.text import escape_mrkdwn, milestone_text
from storage.wordlists import load_lexicon

KNOWN = {"77002", "20610", "G0121"}.__contains__


def validate(values: Mapping[str, str | None], known: Callable[[str], bool]) -> DenialSubmission | dict[str, str]:
    return validate_with(values, known, load_lexicon())


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
    facts = [ReportFacts("77002", ("26",), None, "medicaid", None, "CO-4", None, "written_off", None, "2026-W48")
             for _ in range(1, 5)]  # fmt: skip
    assert aggregate("77002", facts, 5) is None
    assert aggregate("77002", facts, 4) is not None


def test_issue_lists_24_carcs_and_56_states() -> None:
    # The lists exactly as issue 5 writes them, in its order.
    issue_carcs = ("CO-4, CO-11, CO-16, CO-18, CO-22, CO-27, CO-29, CO-45, CO-50, CO-96, CO-97, CO-109, CO-151, "
                   "CO-167, CO-170, CO-181, CO-182, CO-185, CO-197, CO-204, CO-234, CO-236, B7, B15")  # fmt: skip
    assert list(CARCS) == issue_carcs.split(", ")
    assert all(label and len(label) <= 60 for label in CARCS.values())
    assert list(PAYERS.values()) == ["Medicare Part B", "Medicare Advantage", "Medicaid", "Commercial", "Other"]
    issue_outcomes = "appeal won, appeal lost, appeal pending, corrected and resubmitted, written off, not appealed"
    assert [o.lower() for o in OUTCOMES.values()] == issue_outcomes.split(", ")
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
                         "<!channel> see <http://x|here> & more", "2026-W48") for _ in range(1, 6)]  # fmt: skip
    pattern = aggregate("77002", facts, 5)
    assert pattern is not None
    text = milestone_text(pattern, 5)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert escape_mrkdwn("a<b>&") == "a&lt;b&gt;&amp;"
    assert pattern_lines(pattern)[0].startswith("*Denial patterns from 5 reports*")


def test_the_reports_package_does_no_io() -> None:
    """bot/reports/ is pure: no file, network, database or Slack imports, no open()."""
    forbidden = {"importlib", "pathlib", "os", "io.open", "socket", "sqlalchemy", "slack_sdk", "slack_bolt",
                 "aiohttp", "english_words", "names", "storage", "logging"}  # fmt: skip
    package = Path(__file__).resolve().parent.parent / "bot" / "reports"
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "open", f"{path.name}:{node.lineno} calls open()"
                continue
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{path.name}:{node.lineno} imports {name}"


def test_billers_only_counts_distinct_reporters_and_tips_are_sorted_by_text() -> None:
    tips = ["zeta tip", "alpha tip", "mid tip", "beta tip"]
    facts = [ReportFacts("77002", (), None, "commercial", None, "CO-97", None, "appeal_won", t, "2026-W48")
             for t in [*tips, None, None]]  # fmt: skip
    assert aggregate("77002", facts, 5, reporters=4) is None  # 6 reports from 4 billers: below the threshold
    pattern = aggregate("77002", facts, 5, reporters=5)
    assert pattern is not None and pattern.total == 6
    assert pattern.what_worked == ("alpha tip", "beta tip", "mid tip")
    assert pattern_lines(pattern)[0].startswith("*Denial patterns from 6 reports from 5 billers*")
