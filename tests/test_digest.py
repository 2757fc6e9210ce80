"""Digest content (pure): threshold rules, week arithmetic, counts checked by hand, the chart, cron slots."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.jobs.digest import latest_slot, make_trigger, slot_key
from bot.reports.aggregate import ReportFacts
from bot.reports.digest import build_digest, chart_png, covered_week, digest_text, previous_weeks


def fact(code: str, week: str, carc: str = "CO-97", outcome: str = "not_appealed") -> ReportFacts:
    return ReportFacts(code, (), None, "medicare_b", None, carc, None, outcome, None, week)


def test_monday_nine_am_digest_covers_the_week_that_ended() -> None:
    ny = ZoneInfo("America/New_York")
    assert covered_week(datetime(2026, 11, 30, 9, 0, tzinfo=ny)) == "2026-W48"  # Mon 30 Nov → 23–29 Nov
    assert covered_week(datetime(2026, 11, 27, 9, 0, tzinfo=ny)) == "2026-W48"  # a Friday: the current week
    assert previous_weeks("2026-W01", 3) == ["2025-W51", "2025-W52", "2026-W01"]


def test_threshold_rules_and_hand_counted_figures() -> None:
    week, prev = "2026-W48", "2026-W47"
    reports = (
        [fact("77002", week, "CO-97", "appeal_won"), fact("77002", week, "CO-97", "appeal_lost"),
         fact("77002", week, "CO-4", "appeal_won"), fact("77002", prev)]
        + [fact("20610", week, "CO-50")] * 2  # 20610 has only 2 reports in all: below the threshold
        + [fact("76942", week, "CO-236", "appeal_won")] * 2
    )  # fmt: skip
    totals = {"77002": 6, "20610": 2, "76942": 5}  # all-time counts (77002 has 2 older reports)
    appeals = {"77002": (3, 1), "20610": (0, 0), "76942": (2, 0)}  # all-time (won, lost)
    d = build_digest(week, reports, totals, [("77002", 5), ("20610", 1)], threshold=5, appeals_by_code=appeals)
    assert d.this_week_total == 7 and d.last_week_total == 1  # totals never name a code
    assert [c.hcpcs for c in d.top_codes] == ["77002", "76942"]
    top = d.top_codes[0]
    assert (top.this_week, top.total, top.appeals_won, top.appeals_lost) == (3, 6, 3, 1)
    assert top.win_rate == Decimal("0.75")  # 3 won of 4 decided, all time
    # 5 reports of eligible codes this week (3 + 2): the reason breakdown may be shown; CO-50 is 20610's only
    assert d.top_carcs == (("CO-236", 2), ("CO-97", 2), ("CO-4", 1))
    assert d.milestones == (("77002", 5),)
    text = digest_text(d)
    assert "20610" not in text and "CO-50" not in text
    assert "*7* reports this week (+6 vs 1 in 2026-W47)" in text
    assert "77002: 3 this week, 6 in all, appeals won 75% overall" in text


def test_a_thin_week_gets_no_reason_breakdown() -> None:
    week = "2026-W48"
    reports = [fact("77002", week, "CO-97", "appeal_lost")]  # one report this week of an eligible code
    d = build_digest(week, reports, {"77002": 9}, [], threshold=5, appeals_by_code={"77002": (4, 1)})
    assert d.top_carcs == ()
    text = digest_text(d)
    assert "CO-97" not in text and "no breakdown by reason" in text
    assert "appeals won 80% overall" in text  # 4 of 5 decided, all time: says nothing about this week's one


def test_chart_is_a_png() -> None:
    d = build_digest("2026-W48", [fact("77002", "2026-W48")] * 5, {"77002": 5}, [], threshold=5)
    png = chart_png(d)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    empty = build_digest("2026-W48", [], {}, [], threshold=5)
    assert chart_png(empty)[:4] == b"\x89PNG"


def test_latest_slot_follows_the_cron_in_its_timezone() -> None:
    trigger = make_trigger("0 9 * * MON", "America/New_York")
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # Friday
    fire = latest_slot(trigger, now)
    assert fire is not None and slot_key(fire) == "2026-11-23T14:00Z"  # Mon 23 Nov 09:00 EST = 14:00 UTC
    summer = latest_slot(trigger, datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
    assert summer is not None and slot_key(summer) == "2026-06-29T13:00Z"  # EDT
    every_minute = make_trigger("* * * * *", "America/New_York")
    minute = latest_slot(every_minute, datetime(2026, 11, 27, 12, 0, 30, tzinfo=UTC))
    assert minute is not None and slot_key(minute) == "2026-11-27T12:00Z"


def test_bad_cron_or_timezone_names_the_variable() -> None:
    import pytest

    from bot.jobs.digest import DigestConfigError

    with pytest.raises(DigestConfigError, match="BILLBOT_DIGEST_CRON"):
        make_trigger("every monday", "America/New_York")
    with pytest.raises(DigestConfigError, match="BILLBOT_TIMEZONE"):
        make_trigger("0 9 * * MON", "Mars/Olympus")
