"""``helpdesk absence announce|shorten|cancel|show``, ``helpdesk discussions`` and
``helpdesk seller-report``: a seller's absences (R4), open threads (R3.2) and service metrics.

Absence commands go through the typed client like ``helpdesk thread …`` (bad input or a refusal:
one line, exit status 2; Temporal unreachable: exit status 1). ``discussions`` and
``seller-report`` read the store only.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime

from config import Settings
from rules.seller_words import TAKEOVERS, VIOLATIONS, counted
from starter.cli.common import USAGE_ERROR, short
from starter.cli.threads import _BadInput, _model, client_commands


def _day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _BadInput(f"{flag}: not a date YYYY-MM-DD (got {text!r})") from None


def _absence_announce(args: argparse.Namespace, settings: Settings):
    from contract.absences import AbsenceAnnouncement

    announcement = _model(
        AbsenceAnnouncement,
        seller_id=args.seller,
        market=args.market,
        first_day=_day(args.first_day, "--first-day"),
        last_day=_day(args.last_day, "--last-day"),
        announced_at=datetime.now(UTC),
    )
    try:
        settings.market_registry.get(announcement.market)
    except Exception as exc:  # noqa: BLE001 - UnknownMarketError: its message lists the known ones
        raise _BadInput(f"--market: {exc}") from None

    async def call(helpdesk):
        return (await helpdesk.absences.announce(announcement)).model_dump(mode="json")

    return call


def _absence_shorten(args: argparse.Namespace, settings: Settings):
    from contract.absences import AbsenceShortening

    first = _day(args.first_day, "--first-day")
    # Checked here, not in the client: a day the contract refuses is bad input (2, naming
    # --last-day), not an unforeseen ValidationError after connecting (issue 9).
    shortening = _model(AbsenceShortening, last_day=_day(args.last_day, "--last-day"))

    async def call(helpdesk):
        return (await helpdesk.absences.shorten(args.seller, first, shortening.last_day)).model_dump(mode="json")

    return call


def _absence_cancel(args: argparse.Namespace, settings: Settings):
    first = _day(args.first_day, "--first-day")

    async def call(helpdesk):
        return (await helpdesk.absences.cancel(args.seller, first)).model_dump(mode="json")

    return call


def _absence_show(args: argparse.Namespace, settings: Settings):
    first = _day(args.first_day, "--first-day")

    async def call(helpdesk):
        return (await helpdesk.absences.status(args.seller, first)).model_dump(mode="json")

    return call


def _cmd_discussions(args: argparse.Namespace, settings: Settings) -> int:
    """R3.2: one JSON object per open thread, those awaiting the seller first, by due instant."""
    from starter.client.seller_views import discussions
    from store.db import open_store

    for entry in discussions(
        open_store(settings.database_url), settings.market_registry, args.seller, datetime.now(UTC)
    ):
        print(json.dumps(entry.model_dump(mode="json")))
    return 0


def _cmd_seller_report(args: argparse.Namespace, settings: Settings) -> int:
    from starter.cli.report_html import render
    from starter.client.seller_views import seller_report
    from store.db import open_store

    report = seller_report(open_store(settings.database_url), args.seller, datetime.now(UTC))
    if args.json:
        print(json.dumps(report.model_dump(mode="json")))
    else:
        print(
            f"seller {report.seller_id}, as of {report.as_of:%Y-%m-%d %H:%M} UTC; response times in working hours of the buyer's market"
        )
        print(
            f"{'period':>8} {'replies':>7} {'late':>5} {'on time':>7} {'median':>6} {'9 in 10':>7}  problems found / conversations taken over"
        )
        for w in report.windows:
            rate = "-" if w.on_time_rate is None else f"{w.on_time_rate:.0%}"
            median = "-" if w.median_response_hours is None else f"{w.median_response_hours:.1f}"
            p90 = "-" if w.p90_response_hours is None else f"{w.p90_response_hours:.1f}"
            counts = counted(w.violations, VIOLATIONS) or "none"
            taken = counted(w.takeovers, TAKEOVERS) or "none"
            print(
                f"{f'{w.days} days':>8} {w.replies:>7} {w.breaches:>5} {rate:>7} {median:>6} {p90:>7}  {counts} / {taken}"
            )
    if args.html:
        try:
            with open(args.html, "w", encoding="utf-8") as page:
                page.write(render(report))
        except OSError as exc:
            sys.stderr.write(f"helpdesk seller-report: error: {short(f'--html: {exc.strerror}: {args.html!r}')}\n")
            return USAGE_ERROR
    return 0


def add_seller_commands(commands: argparse._SubParsersAction) -> None:
    def seller_and_day(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--seller", required=True, metavar="S")
        parser.add_argument("--first-day", required=True, metavar="YYYY-MM-DD")

    action = client_commands(
        commands, "absence", "announce, shorten, cancel or show a seller's absence (R4)", seller_and_day
    )

    announce = action("announce", _absence_announce, "announce an absence, days inclusive, in the seller's home market")
    announce.add_argument("--last-day", required=True, metavar="YYYY-MM-DD")
    announce.add_argument("--market", required=True, metavar="CODE", help="the seller's home market")
    action("shorten", _absence_shorten, "an earlier last day (R4.5)").add_argument(
        "--last-day", required=True, metavar="YYYY-MM-DD"
    )
    action("cancel", _absence_cancel, "cancel (or end now, if it runs) (R4.5)")
    action("show", _absence_show, "the absence's state, working days and notice")

    discussions = commands.add_parser("discussions", help="a seller's open threads, awaiting the seller first (R3.2)")
    discussions.add_argument("--seller", required=True, metavar="S")
    discussions.set_defaults(handler=_cmd_discussions)

    report = commands.add_parser(
        "seller-report", help="a seller's replies on time, response times, violations, takeovers"
    )
    report.add_argument("--seller", required=True, metavar="S")
    report.add_argument("--html", metavar="FILE", help="also write a page with a chart of response times")
    report.add_argument("--json", action="store_true", help="print the report as one JSON object instead of a table")
    report.set_defaults(handler=_cmd_seller_report)
