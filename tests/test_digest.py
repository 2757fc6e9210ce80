"""Digest content (pure): built only from published snapshots, figures checked by hand, week arithmetic,
the chart, cron slots."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.jobs.digest import latest_slot, make_trigger, slot_key
from bot.reports.aggregate import ReportFacts, aggregate
from bot.reports.digest import (
    PublishedSnapshot,
    build_digest,
    chart_data,
    chart_png,
    covered_week,
    digest_text,
    previous_weeks,
)


def fact(code: str, carc: str = "CO-97", outcome: str = "not_appealed", tip: str | None = None) -> ReportFacts:
    return ReportFacts(code, (), None, "medicare_b", None, carc, None, outcome, tip, "2026-W01")


def snap(week: str, reports: list[ReportFacts], reporters: int) -> PublishedSnapshot:
    pattern = aggregate(reports[0].hcpcs, reports, 5, reporters=reporters)
    assert pattern is not None
    return PublishedSnapshot(week, reporters, pattern)


def test_monday_nine_am_digest_covers_the_week_that_ended() -> None:
    ny = ZoneInfo("America/New_York")
    assert covered_week(datetime(2026, 11, 30, 9, 0, tzinfo=ny)) == "2026-W48"  # Mon 30 Nov → 23–29 Nov
    assert covered_week(datetime(2026, 11, 27, 9, 0, tzinfo=ny)) == "2026-W48"  # a Friday: the current week
    assert previous_weeks("2026-W01", 3) == ["2025-W51", "2025-W52", "2026-W01"]


# 77002: first snapshot (5 billers, 5 reports) in W47, second (10 billers, 12 reports) in W48.
A5 = [fact("77002", "CO-97", "appeal_won", "tip b")] * 3 + [fact("77002", "CO-4", "appeal_lost")] * 2
A10 = A5 + [fact("77002", "CO-97", "appeal_won", "tip a")] * 4 + [fact("77002", "CO-16", "written_off")] * 3
# 76942: one snapshot (5 billers, 6 reports) in W48; 20610: one in W46.
B5 = [fact("76942", "CO-236", "appeal_won", "tip c")] * 6
C5 = [fact("20610", "CO-50")] * 5
SNAPSHOTS = [snap("2026-W47", A5, 5), snap("2026-W48", A10, 10), snap("2026-W48", B5, 5), snap("2026-W46", C5, 5)]


def test_the_digest_of_a_week_shows_only_the_snapshots_published_that_week() -> None:
    d = build_digest("2026-W48", SNAPSHOTS, threshold=5)
    assert [(c.hcpcs, c.reporters, c.new_billers, c.pattern.total) for c in d.codes] == [
        ("77002", 10, 5, 12), ("76942", 5, 5, 6)]  # fmt: skip
    assert d.top_carcs == (("CO-97", 7), ("CO-236", 6), ("CO-16", 3), ("CO-4", 2))  # summed over both snapshots
    assert d.outcomes == (("appeal_won", 13), ("written_off", 3), ("appeal_lost", 2))
    assert d.tips == (("77002", "tip a"), ("77002", "tip b"), ("76942", "tip c"))
    assert d.milestones == (("76942", 5), ("77002", 10))
    assert d.weekly_billers[-3:] == (("2026-W46", 5), ("2026-W47", 5), ("2026-W48", 10))
    text = digest_text(d)
    assert "20610" not in text and "CO-50" not in text  # W46's snapshot is not this week's
    assert "*2* codes published a new snapshot this week, adding *10* billers (+5 vs 5 in 2026-W47)." in text
    assert "(each snapshot from at least 5 billers)" in text
    # 7 won of 9 decided in 77002's second snapshot (3 + 4 won, 2 lost): the snapshot's figures, not live ones
    assert "• 77002: 12 reports from 10 billers (+5 billers since its previous snapshot), appeals won 78% of 9" in text
    assert "• 76942: 6 reports from 5 billers, appeals won 100% of 6 decided" in text
    assert "*Top reasons in these snapshots:* CO-97 Paid as part of another service (7)," in text
    assert "CO-236 Code pair not allowed together (NCCI) (6)" in text
    assert "*Milestones:* 76942 reached 5 billers, 77002 reached 10 billers" in text
    assert text.endswith("_Built only from published snapshots: a report shows here once 5 billers have reported "
                         "its code (and with each 5 more after that)._")  # fmt: skip

    last_week = build_digest("2026-W47", SNAPSHOTS, threshold=5)
    assert [(c.hcpcs, c.reporters) for c in last_week.codes] == [("77002", 5)]
    assert "76942" not in digest_text(last_week) and "12 reports" not in digest_text(last_week)
    # Snapshots published after the week change nothing in its digest.
    assert build_digest("2026-W47", SNAPSHOTS[:1] + SNAPSHOTS[3:], threshold=5) == last_week


def test_a_week_without_a_snapshot_names_no_code() -> None:
    d = build_digest("2026-W49", SNAPSHOTS, threshold=5)
    assert d.codes == () and d.tips == () and d.this_week_billers == 0 and d.last_week_billers == 10
    text = digest_text(d)
    assert not any(code in text for code in ("77002", "76942", "20610"))
    assert "No code published a new snapshot this week (a snapshot needs at least 5 billers" in text


def test_a_snapshot_below_a_raised_threshold_is_not_shown() -> None:
    d = build_digest("2026-W48", SNAPSHOTS, threshold=10)
    assert [c.hcpcs for c in d.codes] == ["77002"] and d.codes[0].new_billers == 10  # its 5 no longer counts
    assert "at least 10 billers" in digest_text(d)


def test_tips_are_escaped() -> None:
    d = build_digest("2026-W48", [snap("2026-W48", [fact("77002", tip="<!channel> & co")] * 5, 5)], threshold=5)
    text = digest_text(d)
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp; co" in text


def test_chart_is_a_png_of_the_snapshot_figures() -> None:
    d = build_digest("2026-W48", SNAPSHOTS, threshold=5)
    png = chart_png(d)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert chart_png(d) == png  # the same digest draws the same bytes
    weekly, codes = chart_data(d)
    assert weekly[-1] == ("2026-W48", 10) and codes == (("77002", 10), ("76942", 5))
    empty = build_digest("2026-W48", [], threshold=5)
    assert chart_png(empty)[:4] == b"\x89PNG" and chart_png(empty) != png


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
