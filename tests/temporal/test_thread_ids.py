"""Message ids are the backend's per thread (issue 15): three threads that all open with M-1 and
answer with R-3 each keep their own message, reply and events."""

from __future__ import annotations

from helpdesk_testing import ThreadHarness


async def test_three_threads_opened_with_m1_each_keep_their_own_messages_and_replies(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    at = h.local("FR", monday, "10:00")
    await h.advance_to(at)
    threads = [
        await h.open_thread(market="FR", received_at=at, text=f"question {n}", message_id="M-1") for n in range(3)
    ]
    for n, thread in enumerate(threads):
        verdict = await thread.reply(f"Bonjour, oui, le téléphone {n} est débloqué.", message_id="R-3")
        assert verdict.accepted and verdict.answered == ("M-1",)
    for n, thread in enumerate(threads):
        kept = {(m.message_id, m.body) for m in thread.messages()}
        assert kept == {("M-1", f"question {n}"), ("R-3", f"Bonjour, oui, le téléphone {n} est débloqué.")}
        [delivered] = await thread.wait_for_event("reply.delivered")
        assert delivered["data"]["text"] == f"Bonjour, oui, le téléphone {n} est débloqué."
        assert [e["data"]["text"] for e in thread.events("buyer_message.received")] == [f"question {n}"]
