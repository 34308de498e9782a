"""What every R2.1 test asks of ``check_off_platform_contact``: the reply's findings, each quoting
the reply exactly (the seller is shown that text), ordered and never overlapping; and the finding a
test expects, written from the reply itself (``reply.index(quote)``), never from the code."""

from __future__ import annotations

from rules.findings import Finding
from rules.markets import DEFAULT_MARKETS
from rules.screening import ReplyContext
from rules.screening.contact import check_off_platform_contact


def context(market: str = "FR", allowed_domains: tuple[str, ...] | None = None) -> ReplyContext:
    languages = DEFAULT_MARKETS[market].languages if market in DEFAULT_MARKETS else ("en",)
    return ReplyContext(languages=languages, market=market, allowed_domains=allowed_domains)


def found(reply: str, quote: str, occurrence: int = 0) -> Finding:
    """The finding for the ``occurrence``-th appearance of ``quote`` exactly as written in ``reply``."""
    start = -1
    for _ in range(occurrence + 1):
        start = reply.index(quote, start + 1)
    return Finding(rule="R2.1", kind="off_platform_contact", text=quote, start=start, end=start + len(quote))


def assert_well_formed(reply: str, findings: list[Finding]) -> None:
    end = 0
    for finding in findings:
        assert finding.rule == "R2.1"
        assert finding.kind == "off_platform_contact"
        assert finding.text == reply[finding.start : finding.end]
        assert finding.start < finding.end
        assert finding.start >= end, "findings are ordered and never overlap"
        end = finding.end


def check(reply: str, market: str = "FR", allowed_domains: tuple[str, ...] | None = None) -> list[Finding]:
    """The R2.1 findings of ``reply`` in ``market``, checked to be well formed."""
    findings = check_off_platform_contact(reply, context(market, allowed_domains))
    assert_well_formed(reply, findings)
    return findings


def only(reply: str, quote: str, market: str = "FR", allowed_domains: tuple[str, ...] | None = None) -> None:
    """``reply`` yields exactly one finding, quoting ``quote``."""
    assert check(reply, market, allowed_domains) == [found(reply, quote)]


def quotes(reply: str, market: str = "FR") -> list[str]:
    """What the findings of ``reply`` quote, in order."""
    return [finding.text for finding in check(reply, market)]
