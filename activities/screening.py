"""Reply screening (R2) as an activity, so checks that need the store (R2.2's fingerprints, in
the screening issue) can join the pure ones without changing the workflow."""

from __future__ import annotations

from temporalio import activity

from rules.contract import Finding
from rules.records import ScreenRequest
from rules.screening import screen_reply


class ScreeningActivities:
    @activity.defn(name="screen_reply")
    def screen_reply(self, request: ScreenRequest) -> list[Finding]:
        """The findings against the reply, in order of position; none means accepted."""
        return screen_reply(request.reply.text, request.languages)
