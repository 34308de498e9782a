"""The baseline of ``bench/threads.py``: a trivial workflow in a module of its own.

The sandbox re-executes a workflow's module for every run it starts, so the baseline lives in a
file as small as a workflow file can be: defined inside the 700-line benchmark script it paid for
executing that script on every run, about 7 % of the benchmark's CPU, and looked slower than it is.
"""

from __future__ import annotations

from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contract.threads import BuyerMessage, ReplyVerdict, SellerReply, ThreadInput

TRIVIAL = "BenchTrivial"


@workflow.defn(name=TRIVIAL)
class Trivial:
    """The floor: the same messages as a buyer thread, and nothing done with them."""

    @workflow.init
    def __init__(self, input: ThreadInput) -> None:
        self._thread_id = input.thread.thread_id
        self._messages = 0
        self._replies = 0

    @workflow.run
    async def run(self, input: ThreadInput) -> None:
        await workflow.wait_condition(lambda: False)  # waits until terminated, as a thread would wait

    @workflow.signal(name="buyer_message")
    def buyer_message(self, message: BuyerMessage) -> None:
        self._messages += 1

    @workflow.update(name="seller_reply")
    def seller_reply(self, reply: SellerReply) -> ReplyVerdict:
        self._replies += 1
        return ReplyVerdict(message_id=reply.message_id, accepted=True)

    @workflow.query(name="state")
    def state(self) -> dict[str, Any]:
        return {"thread_id": self._thread_id, "messages": self._messages, "replies": self._replies}
