"""R5.6's default tariff: 15 handling, 8 return label, 50 severe fee per currency unit; SEK ×10, PLN ×4."""

from __future__ import annotations

from decimal import Decimal

import pytest

from config import load_settings
from rules.kinds import CostKind
from rules.tariff import Tariff, TariffError


@pytest.mark.parametrize(
    ("currency", "handling", "label", "severe"),
    [
        ("EUR", "15.00", "8.00", "50.00"),
        ("GBP", "15.00", "8.00", "50.00"),
        ("CHF", "15.00", "8.00", "50.00"),
        ("SEK", "150.00", "80.00", "500.00"),
        ("PLN", "60.00", "32.00", "200.00"),
    ],
)
def test_default_tariff(currency, handling, label, severe):
    tariff = Tariff()
    assert tariff.price(CostKind.HANDLING_FEE, currency) == Decimal(handling)
    assert tariff.price(CostKind.RETURN_LABEL, currency) == Decimal(label)
    assert tariff.price(CostKind.SEVERE_VIOLATION_FEE, currency) == Decimal(severe)


def test_the_refund_is_not_priced_by_the_tariff():
    with pytest.raises(TariffError, match="amount refunded"):
        Tariff().price(CostKind.REFUND, "EUR")


def test_tariff_is_a_setting(monkeypatch):
    monkeypatch.setenv("HELPDESK_TARIFF", '{"handling_fee": "20", "currency_factors": {"NOK": "10"}}')
    tariff = load_settings().tariff
    assert tariff.price(CostKind.HANDLING_FEE, "NOK") == Decimal("200.00")
    assert tariff.price(CostKind.HANDLING_FEE, "SEK") == Decimal("20.00")  # the factors were replaced as a whole
