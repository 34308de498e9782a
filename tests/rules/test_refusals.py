"""The refusal catalog (rules/refusals.py): every refusal cites its rule, as the ways in report it."""

from rules.kinds import ReturnOutcome
from rules.refusals import RULE, Refusal


def test_every_refusal_has_its_rule() -> None:
    assert set(RULE) == set(Refusal)
    assert (RULE[Refusal.THREAD_TAKEN_OVER], RULE[Refusal.PARCEL_NOT_RECEIVED], RULE[Refusal.ABSENCE_ENDED]) == (
        "R5.3",
        "R5.5",
        "R4.5",
    )


def test_every_ended_return_has_its_refusal() -> None:
    assert {RULE[Refusal.return_ended(outcome)] for outcome in ReturnOutcome} == {"R5.5"}
