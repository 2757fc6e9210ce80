"""Exactly-once claims for the bot's posts: the milestone rows a report reaches and the weekly digest
slots. Posting takes a lease on the row (an UPDATE only one process can win); the row is marked posted
after Slack accepts the message, and a failed post returns it to `pending` for a later sweep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.reports import DigestSlot, ReportMilestone
from storage.repositories.reports import insert_ignore

LEASE_SECONDS = 120
# A poster gives up (and hands the row back) before its lease runs out, so a slow Slack (a long
# Retry-After) cannot let a second process lease the same row while the first is still posting.
POST_DEADLINE_SECONDS = LEASE_SECONDS * 3 // 4


def _epoch(now: datetime) -> int:
    return int(now.timestamp())


def retry_delay(attempts: int) -> int:
    """Seconds before a failed post is tried again: 5 s, 10 s, 20 s, ... at most an hour."""
    return int(min(5 * 2 ** max(0, attempts - 1), 3600))


def _due(model: Any, ts: int) -> Any:
    """Rows a process may lease now: pending and past their retry time, or posting with an expired lease."""
    return or_(
        (model.status == "pending") & (model.lease_until <= ts),
        (model.status == "posting") & (model.lease_until < ts),
    )


# -- milestone posts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneClaim:
    id: int
    hcpcs: str
    threshold: int
    attempts: int


async def claimable_milestones(session: AsyncSession, now: datetime | None = None) -> list[MilestoneClaim]:
    ts = _epoch(now or datetime.now(UTC))
    rows = await session.scalars(
        select(ReportMilestone)
        .where(_due(ReportMilestone, ts))
        .order_by(ReportMilestone.hcpcs, ReportMilestone.threshold)
    )
    return [MilestoneClaim(r.id, r.hcpcs, r.threshold, r.attempts) for r in rows]


async def lease_milestone(
    session: AsyncSession, milestone_id: int, now: datetime | None = None, lease: int = LEASE_SECONDS
) -> bool:
    """Take the right to post this milestone; only one process can win (a conditional UPDATE)."""
    ts = _epoch(now or datetime.now(UTC))
    result = await session.execute(
        update(ReportMilestone)
        .where(ReportMilestone.id == milestone_id, _due(ReportMilestone, ts))
        .values(status="posting", lease_until=ts + lease, attempts=ReportMilestone.attempts + 1)
    )
    await session.commit()
    return bool(getattr(result, "rowcount", 0))


async def finish_milestone(session: AsyncSession, milestone_id: int, *, posted: bool, message_ts: str | None = None,
                           now: datetime | None = None) -> None:  # fmt: skip
    """Mark a leased milestone posted, or hand it back: pending again after `retry_delay(attempts)`."""
    if posted:  # no lease time and no Slack ts (an epoch time) kept: they would date the last report
        values: dict[str, Any] = {"status": "posted", "lease_until": 0, "message_ts": None}
    else:
        attempts = await session.scalar(select(ReportMilestone.attempts).where(ReportMilestone.id == milestone_id))
        values = {"status": "pending", "lease_until": _epoch(now or datetime.now(UTC)) + retry_delay(attempts or 1)}
    await session.execute(update(ReportMilestone).where(ReportMilestone.id == milestone_id).values(**values))
    await session.commit()


# -- digest slots ------------------------------------------------------------------------------


async def lease_digest_slot(session: AsyncSession, slot: str, now: datetime | None = None,
                            lease: int = LEASE_SECONDS) -> bool:  # fmt: skip
    """Claim the right to post the digest for `slot`; True for exactly one process per slot."""
    ts = _epoch(now or datetime.now(UTC))
    inserted = await insert_ignore(
        session, DigestSlot, {"slot": slot, "status": "posting", "lease_until": ts + lease, "attempts": 1}
    )
    if inserted:
        await session.commit()
        return True
    result = await session.execute(
        update(DigestSlot)
        .where(
            DigestSlot.slot == slot,
            _due(DigestSlot, ts),
        )
        .values(status="posting", lease_until=ts + lease, attempts=DigestSlot.attempts + 1)
    )
    await session.commit()
    return bool(getattr(result, "rowcount", 0))


async def finish_digest_slot(
    session: AsyncSession, slot: str, *, posted: bool, message_ts: str | None = None, now: datetime | None = None,
    retry_now: bool = False,
) -> None:
    """Mark the slot posted, or hand it back to `pending` for the sweep after `retry_delay(attempts)`
    (a recorded message ts is kept). `retry_now`: the post was interrupted (SIGTERM), not refused: the
    slot is pending and due at once, so the next start posts it without waiting out the lease."""
    if posted:
        values: dict[str, Any] = {"status": "posted"}
    elif retry_now:
        values = {"status": "pending", "lease_until": 0}
    else:
        attempts = await session.scalar(select(DigestSlot.attempts).where(DigestSlot.slot == slot))
        values = {"status": "pending", "lease_until": _epoch(now or datetime.now(UTC)) + retry_delay(attempts or 1)}
    if posted and message_ts:
        values["message_ts"] = message_ts
    await session.execute(update(DigestSlot).where(DigestSlot.slot == slot).values(**values))
    await session.commit()


async def record_digest_message(session: AsyncSession, slot: str, message_ts: str) -> None:
    """The digest message is in the channel: a retry only needs to upload the chart."""
    await session.execute(update(DigestSlot).where(DigestSlot.slot == slot).values(message_ts=message_ts))
    await session.commit()


async def digest_message_ts(session: AsyncSession, slot: str) -> str | None:
    return await session.scalar(select(DigestSlot.message_ts).where(DigestSlot.slot == slot))


async def unfinished_digest_slots(session: AsyncSession) -> list[str]:
    rows = await session.scalars(
        select(DigestSlot.slot).where(DigestSlot.status.in_(["pending", "posting"])).order_by(DigestSlot.slot)
    )
    return list(rows)


async def has_scheduled_slots(session: AsyncSession) -> bool:
    """Whether any scheduled slot (not a manual `digest --now`) was ever recorded."""
    found = await session.scalar(select(DigestSlot.slot).where(~DigestSlot.slot.startswith("now-")).limit(1))
    return found is not None


async def record_baseline_slot(session: AsyncSession, slot: str) -> None:
    """First start: remember the latest past slot as seen (status `baseline`) so it is not posted late."""
    await insert_ignore(session, DigestSlot, {"slot": slot, "status": "baseline", "lease_until": 0, "attempts": 0})
    await session.commit()


