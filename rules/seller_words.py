"""What a seller reads: the system's codes in plain words, without rule numbers.

Ops and the API speak in codes (``off_platform_contact``, R2.1). A seller's report speaks to a
person who has not read RULES.md.
"""

from __future__ import annotations

from rules.kinds import TakeoverReason, ViolationKind

VIOLATIONS: dict[str, str] = {
    ViolationKind.REPLY_DEADLINE_MISSED: "replied too late",
    ViolationKind.OFF_PLATFORM_CONTACT: "contact details outside the platform",
    ViolationKind.AUTOMATED_REPLY: "automatic reply",
    ViolationKind.WRONG_LANGUAGE: "not in the buyer's language",
    ViolationKind.EMPTY_REPLY: "empty reply",
    ViolationKind.ABUSIVE_LANGUAGE: "impolite reply",
    ViolationKind.LATE_ABSENCE_NOTICE: "absence announced too late",
    ViolationKind.TERMS_VIOLATION: "against the marketplace's terms",
    ViolationKind.SEVERE_VIOLATION: "locked, counterfeit or unsafe device",
}

TAKEOVERS: dict[str, str] = {
    TakeoverReason.REPLY_DEADLINE_MISSED: "no reply in time",
    TakeoverReason.QUALITY_DISPUTE: "dispute about quality",
    TakeoverReason.NOT_AS_DESCRIBED: "not as described",
    TakeoverReason.RETURN_RIGHTS_DENIED: "return refused to the buyer",
    TakeoverReason.TERMS_VIOLATION: "against the marketplace's terms",
    TakeoverReason.SELLER_ABSENT: "seller away",
    TakeoverReason.LOCKED_DEVICE: "locked device",
    TakeoverReason.COUNTERFEIT: "counterfeit",
    TakeoverReason.UNSAFE_PRODUCT: "unsafe product",
}


def counted(counts: dict[str, int], words: dict[str, str]) -> str:
    """``{"counterfeit": 1, "reply_deadline_missed": 2}`` -> ``"counterfeit: 1, no reply in time: 2"``."""
    return ", ".join(f"{words.get(code, code.replace('_', ' '))}: {count}" for code, count in sorted(counts.items()))


def plural(count: int, one: str, many: str) -> str:
    """``1 reply``, ``2 replies``, ``0 replies``."""
    return f"{count} {one if count == 1 else many}"
