"""What each workflow is doing, in words, for the Temporal UI's "current details" and summaries.

Ops read a workflow in the UI before they read its history; these texts tell them the state, the
next instant that matters and the rule behind it. Pure functions of the query models, so the
workflow, the CLI and the tests print the same words; instants are shown in the offset they
carry (a thread's instants are in its market's zone), never converted with the machine's zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from contract.absences import AbsenceStatus
from contract.cases import CaseStatus, Charge, ReturnStatus
from contract.threads import ThreadStatus
from rules.kinds import AbsenceState, CaseStage, ThreadState


def when(instant: datetime) -> str:
    """``Mon 28 Dec 16:30 +01:00``: the weekday matters for a working-hours clock."""
    offset = instant.strftime("%z")
    return f"{instant:%a %d %b %H:%M} {offset[:3]}:{offset[3:]}" if offset else f"{instant:%a %d %b %H:%M}"


def hours(value: float) -> str:
    """``24``, ``17.5``: working hours without noise."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def reply_due(due_at: datetime, market: str, working_hours: float) -> str:
    """The reply timer's summary: ``reply due Mon 28 Dec 16:30 +01:00 (FR), 24 working hours (R1.4)``."""
    return f"reply due {when(due_at)} ({market}), {hours(working_hours)} working hours (R1.4)"


def thread_details(status: ThreadStatus) -> str:
    """A thread in two or three lines: state, what is owed and by when, what went wrong."""
    lines = [
        f"**{_words(status.state)}**: thread {status.thread_id}, order {status.order_id}, seller {status.seller_id}, market {status.market}"
    ]
    if status.state == ThreadState.AWAITING_SELLER and status.due_at is not None:
        oldest = status.unanswered[0] if status.unanswered else None
        owed = f"{len(status.unanswered)} unanswered buyer message{'s' if len(status.unanswered) != 1 else ''}"
        if oldest is not None:
            owed += f", oldest {oldest.message_id} received {when(oldest.received_at.astimezone(status.due_at.tzinfo))}"
        left = (
            f"; {hours(status.working_hours_left)} working hours left" if status.working_hours_left is not None else ""
        )
        lines.append(f"{owed}; reply due {when(status.due_at)}{left} (R1)")
    elif status.state == ThreadState.AWAITING_BUYER:
        lines.append("nothing owed by the seller; the clock starts at the next buyer message (R1.1)")
    if status.takeover_reason is not None:
        stage = f", case {_words(status.case_stage)}" if status.case_stage else ""
        outcome = f", decided {_words(status.case_outcome)}" if status.case_outcome else ""
        lines.append(f"taken over: {_words(status.takeover_reason)}{stage}{outcome} (R5)")
    lines.append(
        f"messages {status.messages_received}, replies accepted {status.replies_accepted}, refused {status.replies_refused}"
        + (f"; violations: {_listed(f'{v.kind} ({v.rule})' for v in status.violations)}" if status.violations else "")
    )
    return "\n\n".join(lines)


def case_details(case: CaseStatus) -> str:
    """A takeover case: why, where it stands, and what ops owe next."""
    lines = [
        f"**Case {_words(case.stage)}**: thread {case.thread_id}, seller {case.seller_id}, "
        f"reason {_words(case.reason)}{' (severe, R5.4)' if case.severe else ''}, takeover {case.takeover_no}"
    ]
    if case.decision is None:
        reminder = f"; next reminder {when(case.next_reminder_at)}" if case.next_reminder_at else ""
        lines.append(f"opened {when(case.opened_at)}; undecided, reminders sent {case.reminders_sent}{reminder} (R5.3)")
    else:
        rule = f" by rule {case.decision.by_rule}" if case.decision.by_rule else ""
        amount = f", refund {case.decision.refund_amount}" if case.decision.refund_amount is not None else ""
        lines.append(
            f"decided {_words(case.decision.outcome)}{amount} by {case.decision.decided_by}{rule} at {when(case.decision.decided_at)}"
        )
    if case.returned is not None:
        lines.append("return: " + return_details(case.returned).split("\n\n", 1)[0].strip("*"))
    if case.refund is not None:
        lines.append(f"refunded {case.refund.amount} {case.refund.currency} ({case.refund.refund_id})")
    if case.charges:
        lines.append(f"charged to the seller: {charges_text(case.charges)} (R5.6)")
    return "\n\n".join(lines)


def return_details(status: ReturnStatus) -> str:
    """A return: label, the 14-day lapse, parcel, inspection, refund or dispatch."""
    head = f"**Return {_words(status.outcome) if status.outcome else _words(status.stage)}**: thread {status.thread_id}"
    lines = [head]
    if status.label is not None:
        lines.append(
            f"label {status.label.tracking_number} ({status.label.carrier}) issued {when(status.label.issued_at)}"
        )
    if status.stage == CaseStage.AWAITING_PARCEL and status.lapses_at is not None:
        lines.append(f"awaiting the parcel; lapses {when(status.lapses_at)} (R5.5)")
    if status.parcel is not None:
        lines.append(f"parcel received {when(status.parcel.received_at)}")
    if status.inspection is not None:
        lines.append(f"inspected: {_words(status.inspection.result)}")
    if status.refund is not None:
        lines.append(f"refunded {status.refund.amount} {status.refund.currency}")
    return "\n\n".join(lines)


def charges_text(charges: Iterable[Charge]) -> str:
    return _listed(f"{_words(c.kind)} {c.amount} {c.currency}" for c in charges)


def recharge_details(thread_id: str, seller_id: str, charges: Iterable[Charge], pending: int) -> str:
    """A recharge: what is charged so far, and how many costs are still to charge."""
    charged = list(charges)
    done = f"charged: {charges_text(charged)}" if charged else "nothing charged yet"
    still = f"; {pending} cost{'s' if pending != 1 else ''} to charge" if pending else "; all charged"
    return f"**Recharge** of thread {thread_id} to seller {seller_id} (R5.6)\n\n{done}{still}"


def absence_details(status: AbsenceStatus) -> str:
    """A seller absence: the days, the notice, and whether the seller is away now."""
    lines = [
        f"**Absence {_words(status.state)}**: seller {status.seller_id}, {status.first_day} to {status.last_day} ({status.market})"
    ]
    if status.working_days is not None:
        notice = "late notice (R4.2)" if status.late_notice else "announced in time (R4.2)"
        lines.append(f"{status.working_days} working days; {notice}")
    if status.state == AbsenceState.ANNOUNCED and status.starts_at is not None:
        lines.append(f"starts {when(status.starts_at)}")
    if status.state == AbsenceState.ABSENT and status.ends_at is not None:
        lines.append(f"platform covers the seller's threads until {when(status.ends_at)} (R4.4)")
    if status.refusal:
        lines.append(f"refused: {status.refusal}")
    return "\n\n".join(lines)


def _words(value: object) -> str:
    """``awaiting_seller`` -> ``awaiting seller``; enum values are snake case."""
    return str(value).replace("_", " ")


def _listed(items: Iterable[str]) -> str:
    return ", ".join(items)
