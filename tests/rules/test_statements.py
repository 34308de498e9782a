"""Issue 20: every sanction (takeover, violation, flag, charge) is stated to the seller in the
market's language and local time, with the rule, the facts, the consequence and the appeal deadline."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from contract.facts import StatementFacts
from contract.statements import Statement, appeal_deadline
from rules.kinds import CostKind, RaisedBy, SanctionKind, TakeoverReason, ViolationKind
from rules.statements import CATALOGS, LANGUAGES, SANCTIONING_RULES, render_decision, render_statement

# The market each language is tried in, and its time zone (RULES.md, Terms).
MARKET_OF = {
    "fr": ("FR", "Europe/Paris"),
    "de": ("DE", "Europe/Berlin"),
    "nl": ("NL", "Europe/Amsterdam"),
    "es": ("ES", "Europe/Madrid"),
    "it": ("IT", "Europe/Rome"),
    "pt": ("PT", "Europe/Lisbon"),
    "en": ("IE", "Europe/Dublin"),
    "sv": ("SE", "Europe/Stockholm"),
    "fi": ("FI", "Europe/Helsinki"),
    "el": ("GR", "Europe/Athens"),
    "pl": ("PL", "Europe/Warsaw"),
}
DECIMAL_POINT = {"en": "."}  # every other language writes a decimal comma

OCCURRED = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
APPEAL_UNTIL = datetime(2026, 12, 21, 16, 30, tzinfo=UTC)


def local(instant: datetime, timezone: str) -> str:
    return instant.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def statement(
    kind: SanctionKind, rule: str, market: str, *, violation: ViolationKind | None = None, **facts
) -> Statement:
    return Statement(
        sanction_kind=kind,
        sanction_id=f"{kind}-{rule}-1",
        seller_id="seller-1",
        thread_id="thread-1",
        market=market,
        rule=rule,
        violation_kind=violation,
        occurred_at=OCCURRED,
        appeal_until=APPEAL_UNTIL,
        facts=StatementFacts(**facts),
    )


def missed_deadline_takeover(market: str) -> Statement:
    return statement(
        SanctionKind.TAKEOVER,
        "R1.4",
        market,
        due_at=OCCURRED,
        working_hours=24.0,
        takeover_reason=TakeoverReason.REPLY_DEADLINE_MISSED,
    )


def missed_deadline_violation(market: str) -> Statement:
    return statement(
        SanctionKind.VIOLATION,
        "R1.4",
        market,
        violation=ViolationKind.REPLY_DEADLINE_MISSED,
        due_at=OCCURRED,
        working_hours=24.0,
    )


def refused_reply_violation(market: str) -> Statement:
    return statement(
        SanctionKind.VIOLATION,
        "R2.1",
        market,
        violation=ViolationKind.OFF_PLATFORM_CONTACT,
        finding_kind="off_platform_contact",
        finding_text="contact@example.org",
        finding_start=12,
        finding_end=31,
    )


def severe_takeover(market: str) -> Statement:
    return statement(
        SanctionKind.TAKEOVER,
        "R5.4",
        market,
        escalation_reason=TakeoverReason.LOCKED_DEVICE,
        raised_by=RaisedBy.BUYER,
        takeover_reason=TakeoverReason.LOCKED_DEVICE,
    )


def severe_flag(market: str) -> Statement:
    return statement(
        SanctionKind.FLAG,
        "R5.4",
        market,
        violation=ViolationKind.SEVERE_VIOLATION,
        escalation_reason=TakeoverReason.LOCKED_DEVICE,
        raised_by=RaisedBy.BUYER,
    )


def charge_eur(market: str) -> Statement:
    return statement(SanctionKind.CHARGE, "R5.6", market, amount=Decimal("23.00"), currency="EUR")


def charge_pln(market: str) -> Statement:
    return statement(SanctionKind.CHARGE, "R5.6", "PL", amount=Decimal("80.00"), currency="PLN")


SCENARIOS = {
    "missed_deadline_takeover": missed_deadline_takeover,
    "missed_deadline_violation": missed_deadline_violation,
    "refused_reply_violation": refused_reply_violation,
    "severe_takeover": severe_takeover,
    "severe_flag": severe_flag,
    "charge_eur": charge_eur,
    "charge_pln": charge_pln,
}


def zone_for(scenario: str, language: str) -> str:
    return "Europe/Warsaw" if scenario == "charge_pln" else MARKET_OF[language][1]


def rendered(scenario: str, language: str) -> str:
    return render_statement(SCENARIOS[scenario](MARKET_OF[language][0]), language, zone_for(scenario, language))


every_language = pytest.mark.parametrize("language", LANGUAGES)
every_scenario = pytest.mark.parametrize("scenario", sorted(SCENARIOS))


def test_the_eleven_languages_of_the_markets():
    assert sorted(LANGUAGES) == sorted(["fr", "de", "nl", "es", "it", "pt", "en", "sv", "fi", "el", "pl"])
    assert set(CATALOGS) == set(LANGUAGES)


@every_language
@every_scenario
def test_names_the_rule_and_the_local_times_of_the_event_and_of_the_appeal_deadline(scenario, language):
    text = rendered(scenario, language)
    zone = zone_for(scenario, language)
    assert SCENARIOS[scenario](MARKET_OF[language][0]).rule in text
    assert local(OCCURRED, zone) in text
    # A takeover is not appealed: its text sends the seller to the statements of what it brought,
    # each with its own deadline, and names none of its own.
    takeover = SCENARIOS[scenario](MARKET_OF[language][0]).sanction_kind == SanctionKind.TAKEOVER
    assert (local(APPEAL_UNTIL, zone) in text) is not takeover
    assert "thread-1" in text


@every_language
def test_the_paris_time_of_an_instant_is_the_one_zoneinfo_gives(language):
    text = render_statement(missed_deadline_violation("FR"), language, "Europe/Paris")
    assert "2026-12-07 09:00 CET (UTC+01:00)" in text  # 08:00Z in December
    assert "2026-12-21 17:30 CET (UTC+01:00)" in text


@every_language
def test_summer_time_shows_the_summer_abbreviation(language):
    summer = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    base = missed_deadline_violation("FR")
    text = render_statement(base.model_copy(update={"occurred_at": summer}), language, "Europe/Paris")
    assert "2026-07-01 10:00 CEST (UTC+02:00)" in text


@every_language
@pytest.mark.parametrize("scenario", ["missed_deadline_takeover", "missed_deadline_violation"])
def test_a_missed_deadline_states_the_due_instant_and_the_working_hours(scenario, language):
    text = rendered(scenario, language)
    assert text.count(local(OCCURRED, zone_for(scenario, language))) >= 2  # the event and the due instant
    assert any(line.rstrip(".").endswith(": 24") for line in text.splitlines())


@every_language
def test_a_refused_reply_states_the_matched_text_and_its_position(language):
    text = rendered("refused_reply_violation", language)
    assert "contact@example.org" in text
    assert "12-31" in text
    assert CATALOGS[language].words["off_platform_contact"] in text


@every_language
def test_a_severe_takeover_states_its_reason_and_who_raised_it(language):
    text = rendered("severe_takeover", language)
    words = CATALOGS[language]
    assert words.words["locked_device"] in text
    assert words.raised_by["buyer"] in text
    assert words.messages["takeover_then"] in text


@every_language
def test_a_flag_says_the_seller_record_is_flagged(language):
    text = rendered("severe_flag", language)
    assert CATALOGS[language].messages["flag_then"] in text
    assert CATALOGS[language].words["severe_violation"] in text


@every_language
@pytest.mark.parametrize(("scenario", "amount", "currency"), [("charge_eur", "23", "EUR"), ("charge_pln", "80", "PLN")])
def test_a_charge_states_the_amount_and_currency_in_the_market_style(scenario, amount, currency, language):
    text = rendered(scenario, language)
    assert f"{amount}{DECIMAL_POINT.get(language, ',')}00 {currency}" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,234.50 EUR"), ("de", "1.234,50 EUR"), ("fr", "1\u00a0234,50 EUR"), ("pl", "1\u00a0234,50 EUR")],
)
def test_large_amounts_group_thousands_as_the_language_does(language, expected):
    charge = statement(SanctionKind.CHARGE, "R5.6", "FR", amount=Decimal("1234.5"), currency="EUR")
    assert expected in render_statement(charge, language, "Europe/Paris")


@every_scenario
def test_no_two_languages_render_the_same_text(scenario):
    texts = {rendered(scenario, language) for language in LANGUAGES}
    assert len(texts) == len(LANGUAGES)


@every_scenario
def test_rendering_is_deterministic(scenario):
    assert rendered(scenario, "de") == rendered(scenario, "de")


@pytest.mark.parametrize("language", ["", "xx", "EN-GB", "english", "ru"])
def test_an_unknown_language_is_refused_naming_the_field_and_the_eleven(language):
    with pytest.raises(ValueError, match="language") as raised:
        render_statement(charge_eur("FR"), language, "Europe/Paris")
    assert all(code in str(raised.value) for code in LANGUAGES)


def test_an_unknown_time_zone_is_refused_naming_the_field():
    with pytest.raises(ValueError, match="timezone"):
        render_statement(charge_eur("FR"), "fr", "Europe/Atlantis")


@every_language
def test_an_unknown_rule_is_named_in_a_plain_sentence(language):
    text = render_statement(statement(SanctionKind.VIOLATION, "R9.9", "FR"), language, "Europe/Paris")
    assert "R9.9" in text


@every_language
def test_every_language_words_every_sanctioning_rule_and_code(language):
    words, english = CATALOGS[language], CATALOGS["en"]
    assert set(words.messages) == set(english.messages)
    assert set(words.rules) == set(SANCTIONING_RULES)
    assert set(words.raised_by) == {member.value for member in RaisedBy}
    assert set(words.words) >= {member.value for member in ViolationKind} | {member.value for member in TakeoverReason}
    assert set(words.words) >= {member.value for member in CostKind}
    for rule in SANCTIONING_RULES:
        assert f"{rule}" in render_statement(statement(SanctionKind.VIOLATION, rule, "FR"), language, "Europe/Paris")


def test_a_charge_without_its_amount_is_refused():
    with pytest.raises(ValidationError, match="amount"):
        statement(SanctionKind.CHARGE, "R5.6", "FR")


def test_an_appeal_deadline_before_the_sanction_is_refused():
    with pytest.raises(ValidationError, match="appeal_until"):
        Statement.model_validate({**charge_eur("FR").model_dump(), "appeal_until": datetime(2026, 12, 1, tzinfo=UTC)})


def test_the_statement_renders_itself():
    sanction = charge_eur("FR")
    assert sanction.render("fr", "Europe/Paris") == render_statement(sanction, "fr", "Europe/Paris")


@every_language
def test_a_takeover_is_not_appealed_but_what_it_brings_is(language):
    words = CATALOGS[language].messages
    takeover = rendered("missed_deadline_takeover", language)
    violation = rendered("missed_deadline_violation", language)
    appeal_takeover = words["appeal_takeover"].split("{until}")[0]
    appeal = words["appeal"].split("{until}")[0]
    assert appeal_takeover in takeover and appeal not in takeover
    assert appeal in violation and "violation-R1.4-1" in violation


@every_language
@pytest.mark.parametrize("cost", [member.value for member in CostKind])
def test_a_charge_names_its_cost_in_the_language(cost, language):
    charge = statement(SanctionKind.CHARGE, "R5.6", "FR", amount=Decimal("15.00"), currency="EUR", cost_kind=cost)
    assert CATALOGS[language].words[cost] in render_statement(charge, language, "Europe/Paris")


@every_language
def test_a_late_absence_notice_states_its_working_days_and_the_notice_given(language):
    late = statement(
        SanctionKind.VIOLATION,
        "R4.2",
        "FR",
        violation=ViolationKind.LATE_ABSENCE_NOTICE,
        absence_working_days=6,
        notice_days=13,
    )
    [line] = [line for line in render_statement(late, language, "Europe/Paris").splitlines() if "13" in line]
    assert "6" in line and "14" in line  # the days, the notice given and the notice needed (R4.2's default)


@pytest.mark.parametrize(
    ("sanctioned", "zone", "last"),
    [
        # 30 calendar days from the statement's day, to that day's last instant on the market's clock
        (datetime(2026, 12, 7, 14, 0, tzinfo=UTC), "Europe/Paris", datetime(2027, 1, 6, 23, 59, 59, 999999)),
        # 23:30Z on 7 December is 8 December in Paris: the day counted is the market's
        (datetime(2026, 12, 7, 23, 30, tzinfo=UTC), "Europe/Paris", datetime(2027, 1, 7, 23, 59, 59, 999999)),
        # across the change to summer time, the last day still ends at local midnight
        (datetime(2027, 3, 10, 9, 0, tzinfo=UTC), "Europe/Warsaw", datetime(2027, 4, 9, 23, 59, 59, 999999)),
        (datetime(2026, 12, 7, 9, 0, tzinfo=UTC), "America/New_York", datetime(2027, 1, 6, 23, 59, 59, 999999)),
    ],
)
def test_the_appeal_window_ends_with_the_last_instant_of_its_30th_day(sanctioned, zone, last):
    until = appeal_deadline(sanctioned, ZoneInfo(zone), 30)
    assert until == last.replace(tzinfo=ZoneInfo(zone))
    assert (until + timedelta(microseconds=1)).astimezone(ZoneInfo(zone)).time() == time(0)


@every_language
@pytest.mark.parametrize(
    ("kind", "outcome", "credit"),
    [
        ("violation", "upheld", None),
        ("violation", "overturned", None),
        ("flag", "overturned", None),
        ("charge", "overturned", (Decimal("15.00"), "EUR")),
        ("charge", "partly_overturned", (Decimal("5.00"), "EUR")),
    ],
)
def test_a_decision_names_the_sanction_what_it_reverses_and_where_to_turn_next(kind, outcome, credit, language):
    words = CATALOGS[language]
    text = render_decision(f"{kind}-1", kind, outcome, "checked the carrier's scan", credit, language)
    assert f"{kind}-1" in text and "checked the carrier's scan" in text
    if credit is not None:
        assert f"{credit[0]:.0f}{DECIMAL_POINT.get(language, ',')}00 EUR" in text
    # Anything short of a full overturn tells the seller where to turn if they still disagree.
    assert (words.messages["decided_redress"] in text) is (outcome != "overturned")
    assert (
        len({render_decision("violation-1", "violation", o, "", None, language) for o in ("upheld", "overturned")}) == 2
    )


def test_a_decision_with_an_unknown_outcome_is_refused_naming_the_field():
    with pytest.raises(ValueError, match="outcome"):
        render_decision("violation-1", "violation", "maybe", "", None, "en")


@every_language
@pytest.mark.parametrize(("notice", "variant"), [(0, "absence_none"), (1, "absence_one"), (13, "absence")])
def test_the_notice_given_is_told_in_words_for_none_or_one_day(notice, variant, language):
    late = statement(
        SanctionKind.VIOLATION,
        "R4.2",
        "FR",
        violation=ViolationKind.LATE_ABSENCE_NOTICE,
        absence_working_days=6,
        notice_days=notice,
        notice_days_needed=21,
    )
    expected = CATALOGS[language].messages[variant].format(days=6, notice=notice, needed=21)
    assert expected in render_statement(late, language, "Europe/Paris")
