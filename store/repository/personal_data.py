"""Removing the personal texts the store keeps, for retention and for a buyer's erasure (issue 19).

What goes: a message's body, the ``text`` of each finding of a refused reply, R2.2's reply
fingerprints, the ``text`` and ``note`` of event documents (and each finding's ``text``), an ops
case's note, and the API's inbound copies of buyer messages. What stays is what the audit needs:
who wrote when, what was decided and why by which rule (direction, instants, verdicts, finding
rules, kinds and positions, violations, the ledger, refunds, labels, flags, case outcomes).

Every function here is idempotent: it changes only what still carries a text, and a second call
counts 0. The JSON documents are rewritten in Python over the selected rows (the same code on
SQLite's JSON and PostgreSQL's JSONB), a bounded number of threads at a time. Functions flush but
never commit; the caller's :func:`store.db.transaction` does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple, cast

from sqlalchemy import Select, Table, bindparam, delete, exists, or_, select, tuple_, update
from sqlalchemy.orm import Session

from rules.kinds import ThreadState
from store.models import (
    DataAccess,
    EventRecord,
    InboundMessage,
    Message,
    OpsCase,
    ReplyFingerprint,
    StatementRecord,
    Thread,
)

REMOVED_MARK = "personal_data_removed"
"""Top-level key of an event document whose texts were removed (``true``); the feed serves it."""

TEXT_EVENT_TYPES = frozenset(
    {
        "buyer_message.received",
        "reply.delivered",
        "reply.refused",
        "thread.taken_over",
        "case.opened",
        "case.escalated",
        "case.decided",
        "return.no_fault_found",
        "legacy.notice",
        "statement.issued",
        "appeal.received",
        "appeal.decided",
    }
)
"""The event types whose ``data`` carry a ``text``, a ``note`` or ``findings`` (events/schema.py;
``tests/store/test_retention.py`` checks the list against the catalog). ``legacy.notice`` carries
a free ``payload``."""

_TEXT_KEYS = ("text", "note", "grounds")
_PAYLOAD_TEXT_KEYS = ("text", "note", "body")
CHUNK = 200
"""Threads per statement: keeps ``IN (…)`` lists and the rows rewritten in Python bounded."""

_THREADS, _MESSAGES, _EVENTS = (cast(Table, m.__table__) for m in (Thread, Message, EventRecord))
_CASES, _FINGERPRINTS, _INBOUND, _ACCESS, _STATEMENTS = (
    cast(Table, m.__table__) for m in (OpsCase, ReplyFingerprint, InboundMessage, DataAccess, StatementRecord)
)


@dataclass(frozen=True)
class RemovedCounts:
    """What one call removed, per kind of record (never what it was)."""

    message_bodies: int = 0
    refusal_texts: int = 0
    """Refused replies whose findings' texts were emptied."""
    fingerprints: int = 0
    event_documents: int = 0
    case_notes: int = 0
    inbound_messages: int = 0
    access_log: int = 0
    threads: int = 0
    """Threads marked ``personal_data_removed_at``."""

    def __add__(self, other: RemovedCounts) -> RemovedCounts:
        return RemovedCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# -- one buyer's threads (erasure), or a batch of threads retention found ---------------------------


def remove_thread_texts(session: Session, thread_ids: Sequence[str], now: datetime) -> RemovedCounts:
    """Remove every personal text the store keeps of these threads and mark them removed at ``now``.

    Message bodies and refusal texts emptied, fingerprints and inbound copies deleted, event
    documents' texts and notes emptied (and the documents marked), case notes emptied; rows,
    instants, verdicts, violations, the ledger and case outcomes stay. A second call changes
    nothing and counts 0 (a thread updated since it was marked, reopened, is marked again).
    """
    counts = RemovedCounts()
    for chunk in _chunks(thread_ids):
        bodies, refusals = _empty_messages(session, chunk)
        counts += RemovedCounts(
            message_bodies=bodies,
            refusal_texts=refusals,
            fingerprints=_delete_fingerprints(session, chunk),
            event_documents=_empty_event_documents(session, chunk),
            case_notes=_empty_case_notes(session, chunk),
            inbound_messages=_delete_inbound(session, chunk),
            threads=_mark_threads(session, chunk, now),
        )
    return counts


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def _without_finding_texts(refusal: Any) -> Any:
    if not isinstance(refusal, list):
        return refusal
    return [
        {**finding, "text": ""} if isinstance(finding, dict) and finding.get("text") else finding for finding in refusal
    ]


_EMPTY_FINDING_TEXTS = (
    update(_MESSAGES)
    .where(_MESSAGES.c.thread_id == bindparam("t_id"), _MESSAGES.c.message_id == bindparam("m_id"))
    .values(refusal=bindparam("new_refusal", type_=_MESSAGES.c.refusal.type))
)


def _empty_messages(session: Session, thread_ids: list[str]) -> tuple[int, int]:
    """Bodies in one statement; the findings of refused replies (only they have any) rewritten in Python."""
    m = _MESSAGES.c
    refused = session.execute(
        select(m.thread_id, m.message_id, m.refusal).where(m.thread_id.in_(thread_ids), m.accepted.is_(False))
    ).all()
    with_texts = [
        {"t_id": thread_id, "m_id": message_id, "new_refusal": emptied}
        for thread_id, message_id, refusal in refused
        if (emptied := _without_finding_texts(refusal)) != refusal
    ]
    if with_texts:
        session.execute(_EMPTY_FINDING_TEXTS, with_texts)
    excerpts = _empty_statement_excerpts(session, thread_ids)
    bodies = session.execute(update(_MESSAGES).where(m.thread_id.in_(thread_ids), m.body != "").values(body=""))
    return int(bodies.rowcount), len(with_texts) + excerpts  # type: ignore[attr-defined]


def _statement_without_excerpt(data: dict[str, Any]) -> dict[str, Any]:
    """A ``statement.issued`` event's data without the refused reply's excerpt, in its facts and in
    each language's text (the rest of the statement stays: it is the seller's record)."""
    excerpt = data["facts"].get("finding_text")
    if not excerpt:
        return data
    texts = data.get("texts")
    return {
        **data,
        "facts": {key: value for key, value in data["facts"].items() if key != "finding_text"},
        "texts": {language: text.replace(excerpt, "…") for language, text in texts.items()}
        if isinstance(texts, dict)
        else texts,
    }


def _empty_statement_excerpts(session: Session, thread_ids: list[str]) -> int:
    """The refused replies' excerpts the threads' statements quote (issue 20), with the refusal texts."""
    s = _STATEMENTS.c
    quoting = [
        {"s_id": sanction_id, "new_facts": {k: v for k, v in facts.items() if k != "finding_text"}}
        for sanction_id, facts in session.execute(select(s.sanction_id, s.facts).where(s.thread_id.in_(thread_ids)))
        if isinstance(facts, dict) and facts.get("finding_text")
    ]
    if quoting:
        session.execute(
            update(_STATEMENTS)
            .where(s.sanction_id == bindparam("s_id"))
            .values(facts=bindparam("new_facts", type_=s.facts.type)),
            quoting,
        )
    return len(quoting)


def _delete_fingerprints(session: Session, thread_ids: list[str]) -> int:
    result = session.execute(delete(_FINGERPRINTS).where(_FINGERPRINTS.c.thread_id.in_(thread_ids)))
    return int(result.rowcount)  # type: ignore[attr-defined]


def without_texts(document: dict[str, Any]) -> dict[str, Any]:
    """An event document with every text and note emptied and the mark set; the rest as it was."""
    data = document.get("data")
    if isinstance(data, dict):
        data = {**data, **{key: "" for key in _TEXT_KEYS if isinstance(data.get(key), str)}}
        if isinstance(data.get("findings"), list):
            data["findings"] = _without_finding_texts(data["findings"])
        if isinstance(data.get("facts"), dict):  # a statement quoting a refused reply (issue 20)
            data = _statement_without_excerpt(data)
        payload = data.get("payload")
        if isinstance(payload, dict):
            data["payload"] = {
                **payload,
                **{key: "" for key in _PAYLOAD_TEXT_KEYS if isinstance(payload.get(key), str)},
            }
        document = {**document, "data": data}
    return {**document, REMOVED_MARK: True}


def _not_marked() -> Any:
    return EventRecord.document[REMOVED_MARK].as_boolean().is_(None)


_REWRITE_DOCUMENT = (
    update(_EVENTS)
    .where(_EVENTS.c.position == bindparam("pos"))
    .values(document=bindparam("new_document", type_=_EVENTS.c.document.type))
)


def _empty_event_documents(session: Session, thread_ids: list[str]) -> int:
    e = _EVENTS.c
    rows = session.execute(
        select(e.position, e.document)
        .where(e.thread_id.in_(thread_ids), e.type.in_(TEXT_EVENT_TYPES), _not_marked())
        .order_by(e.position)
    ).all()
    rewritten = [{"pos": position, "new_document": without_texts(document)} for position, document in rows]
    if rewritten:
        session.execute(_REWRITE_DOCUMENT, rewritten)
    return len(rewritten)


def _has_note() -> Any:
    return (_CASES.c.note.is_not(None)) & (_CASES.c.note != "")


def _empty_case_notes(session: Session, thread_ids: list[str]) -> int:
    result = session.execute(update(_CASES).where(_CASES.c.thread_id.in_(thread_ids), _has_note()).values(note=""))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _delete_inbound(session: Session, thread_ids: list[str]) -> int:
    """The API's copies that Temporal has: one not yet handed over is a message still owed to its
    thread (nothing lost, issue 7), and the erasure waits for it."""
    i = _INBOUND.c
    result = session.execute(delete(_INBOUND).where(i.thread_id.in_(thread_ids), i.handed_over_at.is_not(None)))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _unmarked() -> Any:
    t = _THREADS.c
    return or_(t.personal_data_removed_at.is_(None), t.personal_data_removed_at < t.updated_at)


def _mark_threads(session: Session, thread_ids: list[str], now: datetime) -> int:
    t = _THREADS.c
    result = session.execute(
        update(_THREADS)
        .where(t.thread_id.in_(thread_ids), _unmarked())
        # ``updated_at`` as it was (the column's onupdate would move it): it dates the closing.
        .values(personal_data_removed_at=now, updated_at=t.updated_at)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# -- retention: a batch of what is older than its kind's period ----------------------------------


class RetentionKind(StrEnum):
    """What retention sweeps, each after its own period (docs/settings.md, ``retention_*_days``)."""

    MESSAGES = "messages"
    """Message bodies, refusal texts, reply fingerprints of closed threads."""
    EVENTS = "events"
    """Texts and notes in the event documents of closed threads."""
    CASE_NOTES = "case_notes"
    """Ops case notes of closed threads."""
    THREADS = "threads"
    """Everything above once the longest of their periods is over; marks the thread."""
    INBOUND = "inbound"
    """The API's inbound copies, counted from their hand-over to Temporal."""
    ACCESS_LOG = "access_log"
    """Rows of the read audit, counted from the read."""


class Swept(NamedTuple):
    removed: RemovedCounts
    done: bool
    """Nothing of this kind was left beyond this batch (another call would find nothing now)."""


def eligible_threads(closed_before: datetime) -> Select[Any]:
    """Threads whose texts may go: closed at or before ``closed_before`` with every case ended,
    and not marked removed since they were last updated (a reopened thread is swept again)."""
    t, c = _THREADS.c, _CASES.c
    return select(t.thread_id).where(
        t.state == ThreadState.CLOSED,
        t.updated_at <= closed_before,
        _unmarked(),
        ~exists().where(c.thread_id == t.thread_id, c.outcome.is_(None)),
    )


def _thread_batch(session: Session, query: Select[Any], limit: int) -> list[str]:
    t = _THREADS.c
    return list(session.scalars(query.order_by(t.updated_at, t.thread_id).limit(limit)))


def sweep(session: Session, kind: RetentionKind, *, now: datetime, older_than: timedelta, limit: int) -> Swept:
    """Remove one batch (at most ``limit`` threads, or rows for the inbound copies and the access
    log) of ``kind`` older than ``older_than`` at ``now``. Idempotent and resumable: each batch
    selects only what still carries a text, so a crash between batches loses nothing."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    cutoff = now - older_than
    kind = RetentionKind(kind)
    if kind == RetentionKind.INBOUND:
        return _sweep_inbound(session, cutoff, limit)
    if kind == RetentionKind.ACCESS_LOG:
        return _sweep_access_log(session, cutoff, limit)
    t = _THREADS.c
    query = eligible_threads(cutoff)
    if kind == RetentionKind.MESSAGES:
        m, f = _MESSAGES.c, _FINGERPRINTS.c
        query = query.where(
            exists().where(m.thread_id == t.thread_id, m.body != "") | exists().where(f.thread_id == t.thread_id)
        )
    elif kind == RetentionKind.EVENTS:
        e = _EVENTS.c
        query = query.where(exists().where(e.thread_id == t.thread_id, e.type.in_(TEXT_EVENT_TYPES), _not_marked()))
    elif kind == RetentionKind.CASE_NOTES:
        query = query.where(exists().where(_CASES.c.thread_id == t.thread_id, _has_note()))
    threads = _thread_batch(session, query, limit)
    done = len(threads) < limit
    if not threads:
        return Swept(RemovedCounts(), done)
    if kind == RetentionKind.MESSAGES:
        bodies, refusals = _empty_messages(session, threads)
        removed = RemovedCounts(
            message_bodies=bodies, refusal_texts=refusals, fingerprints=_delete_fingerprints(session, threads)
        )
    elif kind == RetentionKind.EVENTS:
        removed = RemovedCounts(event_documents=_empty_event_documents(session, threads))
    elif kind == RetentionKind.CASE_NOTES:
        removed = RemovedCounts(case_notes=_empty_case_notes(session, threads))
    else:
        removed = remove_thread_texts(session, threads, now)
    return Swept(removed, done)


def _sweep_inbound(session: Session, cutoff: datetime, limit: int) -> Swept:
    i = _INBOUND.c
    keys = session.execute(
        select(i.thread_id, i.message_id)
        .where(i.handed_over_at.is_not(None), i.handed_over_at <= cutoff)
        .order_by(i.handed_over_at)
        .limit(limit)
    ).all()
    if keys:
        session.execute(delete(_INBOUND).where(tuple_(i.thread_id, i.message_id).in_([tuple(k) for k in keys])))
    return Swept(RemovedCounts(inbound_messages=len(keys)), len(keys) < limit)


def _sweep_access_log(session: Session, cutoff: datetime, limit: int) -> Swept:
    a = _ACCESS.c
    ids = list(session.scalars(select(a.id).where(a.at <= cutoff).order_by(a.id).limit(limit)))
    if ids:
        session.execute(delete(_ACCESS).where(a.id.in_(ids)))
    return Swept(RemovedCounts(access_log=len(ids)), len(ids) < limit)
