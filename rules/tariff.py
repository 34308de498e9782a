"""R5.6: what a takeover costs the seller, by cost kind, in the thread's currency.

The rulebook's default tariff is per market currency unit (15 handling, 8 return label, 50 for a
severe violation), multiplied for currencies whose unit is worth much less (SEK ×10, PLN ×4). It
is a setting (``HELPDESK_TARIFF``), read by the charging activity, never by workflow code, so a
changed tariff applies to charges made after the change and a charge already made stands.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from errors import InvalidInput
from rules.kinds import CostKind

CENT = Decimal("0.01")


class TariffError(InvalidInput):
    """A cost the tariff does not price (the refund is charged at what was refunded)."""


class Tariff(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    handling_fee: Decimal = Field(default=Decimal(15), ge=0, description="per takeover")
    return_label: Decimal = Field(default=Decimal(8), ge=0, description="per return label issued")
    severe_violation_fee: Decimal = Field(default=Decimal(50), ge=0, description="per severe takeover (R5.4)")
    currency_factors: dict[str, Decimal] = Field(
        default_factory=lambda: {"SEK": Decimal(10), "PLN": Decimal(4)},
        description="multiplier per currency; 1 for a currency not listed",
    )

    def price(self, kind: CostKind, currency: str) -> Decimal:
        """The amount of one cost in ``currency``, rounded to the cent."""
        base = {
            CostKind.HANDLING_FEE: self.handling_fee,
            CostKind.RETURN_LABEL: self.return_label,
            CostKind.SEVERE_VIOLATION_FEE: self.severe_violation_fee,
        }.get(kind)
        if base is None:
            raise TariffError(f"{kind} is not priced by the tariff: it is charged at the amount refunded (R5.6)")
        return (base * self.currency_factors.get(currency.upper(), Decimal(1))).quantize(CENT)
