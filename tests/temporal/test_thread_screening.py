"""R2 through the thread: refusals carry rule, text and position; the second contact attempt
takes the thread over (R2.1); a text sent to 5 other threads in 7 days is a template (R2.2)."""

from __future__ import annotations

from helpdesk_testing import ThreadHarness
from rules.kinds import TakeoverReason, ThreadState


async def _thread(h: ThreadHarness, **kwargs):
    monday = await h.ordinary_monday("FR")
    at = h.local("FR", monday, "09:00")
    await h.advance_to(at)
    thread = await h.open_thread(market="FR", received_at=at, **kwargs)
    await thread.settled(lambda s: s.due_at is not None)
    return thread


async def test_second_contact_attempt_is_a_terms_violation_and_a_takeover(thread_harness: ThreadHarness):
    thread = await _thread(thread_harness)
    text = "Écrivez-moi plutôt à jean.dupont@gmail.com pour aller plus vite."
    first = await thread.reply(text)
    assert not first.accepted
    [finding] = [f for f in first.findings if f.kind == "off_platform_contact"]
    assert finding.rule == "R2.1" and text[finding.start : finding.end] == finding.text == "jean.dupont@gmail.com"
    assert (await thread.settled()).state == ThreadState.AWAITING_SELLER  # the first is only refused

    second = await thread.reply("Appelez-moi au 06 12 34 56 78, c'est plus simple.")
    assert not second.accepted and [f.kind for f in second.findings] == ["off_platform_contact"]
    status = await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    assert status.takeover_reason == TakeoverReason.TERMS_VIOLATION
    assert [(v.kind, v.rule) for v in status.violations] == [
        ("off_platform_contact", "R2.1"),
        ("off_platform_contact", "R2.1"),
        ("terms_violation", "R2.1"),
    ]
    assert sorted(thread.violations()) == sorted(
        [
            ("off_platform_contact", "R2.1"),
            ("off_platform_contact", "R2.1"),
            ("terms_violation", "R2.1"),
        ]
    )


async def test_auto_responder_flag_and_marker_are_refused(thread_harness: ThreadHarness):
    thread = await _thread(thread_harness)
    flagged = await thread.reply("Merci pour votre message, nous revenons vers vous rapidement.", auto_reply=True)
    assert [(f.rule, f.kind) for f in flagged.findings] == [("R2.2", "automated_reply")]
    text = "Réponse automatique : je suis absent jusqu'au 3 janvier."
    marked = await thread.reply(text)
    [finding] = marked.findings
    assert (finding.rule, finding.kind) == ("R2.2", "automated_reply")
    assert text[finding.start : finding.end] == finding.text


async def test_wrong_language_is_refused_and_a_short_reply_passes(thread_harness: ThreadHarness):
    thread = await _thread(thread_harness)
    text = "Das Handy ist entsperrt und wird heute noch mit DHL verschickt."
    german = await thread.reply(text)
    # The finding quotes what it judged, the whole reply, and says what it found (issue 16).
    assert [(f.rule, f.kind, f.text, f.detail) for f in german.findings] == [
        ("R2.3", "wrong_language", text, "detected language: de")
    ]
    assert (await thread.reply("OK, thanks!")).accepted  # fewer than 20 letters: never refused


async def test_the_same_text_to_five_other_threads_is_a_template(thread_harness: ThreadHarness):
    h = thread_harness
    seller = f"S-template-{id(h)}"
    text = "Bonjour {name}, votre commande {order} est partie ce matin avec Colissimo. Bonne journée !"
    monday = await h.ordinary_monday("FR")
    await h.advance_to(h.local("FR", monday, "09:00"))
    threads = [await h.open_thread(market="FR", received_at=await h.now(), seller_id=seller) for _ in range(7)]
    for thread in threads:
        await thread.settled(lambda s: s.due_at is not None)
    verdicts = [
        await thread.reply(text.format(name=name, order=order))
        for thread, name, order in zip(threads, ["Marie", "Paul", "Léa", "Hugo", "Emma", "Louis"], range(4810, 4816))
    ]
    # Five other threads with the same text (names and numbers normalised) make the sixth a template.
    assert [v.accepted for v in verdicts] == [True, True, True, True, True, False]
    assert [(f.rule, f.kind) for f in verdicts[-1].findings] == [("R2.2", "automated_reply")]
    # A template adapted to the case passes (within the same 7 days, same seller).
    verdict = await threads[6].reply(
        "Bonjour, votre iPhone 12 est parti ce matin ; le défaut de micro que vous signalez a été réparé "
        "et testé, la batterie est à 91 %."
    )
    assert verdict.accepted
