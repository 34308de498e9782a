"""``take_reply`` retried (issue 18's merged local activity): the first verdict stands.

A local activity that outlives its timeout is attempted again while the first attempt may still
commit. The retry screens the reply again, and R2.2's count of the seller's recent replies can
have moved in between (the same text sent to more threads meanwhile). The buyer already has the
reply the first attempt accepted: the retry must return that verdict and write nothing, not a
refusal, a violation and a second event (R2, R2.2, R3.1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from config import load_settings
from contract.records import ReplyRecord, ReplyTake, ScreenRequest, ThreadSnapshot
from contract.threads import SellerReply, ThreadOpen
from rules.kinds import ThreadState
from rules.screening.autoreply import fingerprint
from store import repository
from store.db import open_store, transaction
from store.models import Message
from worker import activities_for

TEXT = "Bonjour, oui, le téléphone est débloqué et livré avec son chargeur."


def _thread(session, thread_id: str) -> None:
    repository.upsert_thread(session, thread_id=thread_id, order_id="O", seller_id="S-1", buyer_id="B",
                             market="FR", currency="EUR", state=ThreadState.AWAITING_SELLER)  # fmt: skip


def test_a_retry_that_would_refuse_returns_the_first_attempts_acceptance_and_writes_nothing(tmp_path):
    sessions = open_store(f"sqlite:///{tmp_path / 'helpdesk.db'}")
    activities = {
        getattr(fn, "__temporal_activity_definition").name: fn
        for fn in activities_for(load_settings(metrics_port=0), sessions)
    }
    now = datetime.now(UTC)
    thread = ThreadOpen(thread_id="T-1", order_id="O", seller_id="S-1", buyer_id="B", market="FR")
    waiting = ThreadSnapshot(thread=thread, market="FR", currency="EUR", state=ThreadState.AWAITING_SELLER)
    reply = SellerReply(message_id="R-1", seller_id="S-1", text=TEXT)
    screen = ScreenRequest(thread_id="T-1", seller_id="S-1", market="FR", languages=("fr",), reply=reply, sent_at=now)
    answered = waiting.model_copy(update={"state": ThreadState.AWAITING_BUYER})
    take = ReplyTake(
        screen=screen,
        accepted=ReplyRecord(snapshot=answered, reply=reply, sent_at=now, accepted=True),
        refused=ReplyRecord(snapshot=waiting, reply=reply, sent_at=now, accepted=False),
    )
    with transaction(sessions) as session:
        _thread(session, "T-1")
    assert activities["take_reply"](take) == []  # accepted: the buyer gets it

    # Meanwhile the seller sends the same text to five other threads: screening alone now refuses it.
    with transaction(sessions) as session:
        for n in range(2, 7):
            _thread(session, f"T-{n}")
            repository.record_seller_reply(session, message_id="R-1", thread_id=f"T-{n}", body=TEXT,
                                           sent_at=now - timedelta(minutes=1), accepted=True)  # fmt: skip
            repository.record_fingerprint(session, message_id="R-1", seller_id="S-1", thread_id=f"T-{n}",
                                          fingerprint=fingerprint(TEXT), sent_at=now - timedelta(minutes=1))  # fmt: skip
    assert [f.rule for f in activities["screen_reply"](screen)] == ["R2.2"]

    assert activities["take_reply"](take) == []  # the retry: the verdict the buyer got, not R2.2's
    with transaction(sessions) as session:
        stored = session.get(Message, ("T-1", "R-1"))
        events = session.execute(text("SELECT type FROM events WHERE thread_id = 'T-1'")).scalars().all()
        violations = session.execute(text("SELECT count(*) FROM violations WHERE thread_id = 'T-1'")).scalar_one()
        state = session.execute(text("SELECT state FROM threads WHERE thread_id = 'T-1'")).scalar_one()
    assert stored is not None and stored.accepted and stored.refusal is None
    assert (list(events), violations, state) == (["reply.delivered"], 0, "awaiting_buyer")


def test_the_same_reply_id_refused_in_two_threads_is_two_violations(tmp_path):
    """Reply ids are the backend's, unique within a thread only (issue 15): the violation of each
    thread's refused "R-1" is its own (found by a review of issue 18's change)."""
    sessions = open_store(f"sqlite:///{tmp_path / 'helpdesk.db'}")
    activities = {
        getattr(fn, "__temporal_activity_definition").name: fn
        for fn in activities_for(load_settings(metrics_port=0), sessions)
    }
    now = datetime.now(UTC)
    for thread_id in ("T-1", "T-2"):
        thread = ThreadOpen(thread_id=thread_id, order_id="O", seller_id="S-1", buyer_id="B", market="FR")
        waiting = ThreadSnapshot(thread=thread, market="FR", currency="EUR", state=ThreadState.AWAITING_SELLER)
        reply = SellerReply(message_id="R-1", seller_id="S-1", text="Appelez-moi au 06 12 34 56 78.")
        with transaction(sessions) as session:
            _thread(session, thread_id)
        screen = ScreenRequest(
            thread_id=thread_id, seller_id="S-1", market="FR", languages=("fr",), reply=reply, sent_at=now
        )
        take = ReplyTake(
            screen=screen,
            accepted=ReplyRecord(snapshot=waiting, reply=reply, sent_at=now, accepted=True),
            refused=ReplyRecord(snapshot=waiting, reply=reply, sent_at=now, accepted=False),
        )
        assert [f.rule for f in activities["take_reply"](take)] == ["R2.1"]
    with transaction(sessions) as session:
        rows = session.execute(text("SELECT thread_id, kind FROM violations ORDER BY thread_id")).all()
    assert [tuple(row) for row in rows] == [("T-1", "off_platform_contact"), ("T-2", "off_platform_contact")]
