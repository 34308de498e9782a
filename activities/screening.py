"""Reply screening (R2) as an activity: the pure checks of ``rules.screening`` plus R2.2's look at
the seller's other replies of the last 7 days, which needs the store."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contract.records import ScreenRequest
from rules.findings import Finding
from rules.screening import ReplyContext, screen_reply
from rules.screening.autoreply import (
    TEMPLATE_MIN_THREADS,
    TEMPLATE_WINDOW,
    count_repeats,
    fingerprint,
    template_finding,
)
from rules.screening.language import MIN_CONFIDENCE, MIN_LETTERS
from store import repository
from store.db import reading


class ScreeningActivities:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        allowed_domains: tuple[str, ...] | None = None,
        *,
        language_min_confidence: float = MIN_CONFIDENCE,
        language_min_letters: int = MIN_LETTERS,
        template_min_threads: int = TEMPLATE_MIN_THREADS,
        template_window: timedelta = TEMPLATE_WINDOW,
    ) -> None:
        """The numbers of R2.2 and R2.3 are settings; these are the rulebook's defaults."""
        self._sessions = sessions
        self._allowed_domains = allowed_domains
        self._language = {
            "language_min_confidence": language_min_confidence,
            "language_min_letters": language_min_letters,
        }
        self._template_min_threads = template_min_threads
        self._template_window = template_window

    @activity.defn(name="screen_reply")
    def screen_reply(self, request: ScreenRequest) -> list[Finding]:
        """The findings against the reply, in order of position; none means accepted."""
        reply = request.reply
        context = ReplyContext(
            languages=request.languages,
            market=request.market,
            auto_reply_flag=reply.auto_reply,
            allowed_domains=self._allowed_domains,
            **self._language,
        )
        findings = screen_reply(reply.text, context)
        if not any(finding.kind == "automated_reply" for finding in findings) and self._is_template(request):
            findings.append(template_finding(reply.text))
        return findings

    def _is_template(self, request: ScreenRequest) -> bool:
        """R2.2: the same text (normalised) sent to 5 or more *other* threads within 7 days."""
        with reading(self._sessions) as session:
            recent = repository.fingerprints_since(session, request.seller_id, request.sent_at - self._template_window)
        others = [(row.thread_id, row.fingerprint) for row in recent if row.thread_id != request.thread_id]
        return count_repeats(fingerprint(request.reply.text), others) >= self._template_min_threads
