"""No message text, buyer name or e-mail address in plaintext in Temporal history (issue 9).

On the real dev server with the production data converter (the test key): a thread whose
subject and buyer message carry a buyer's name, a seller reply refused for an e-mail address (so
the finding's matched text is personal data too), an accepted reply, an ops escalation note and
an ops decision note, all with known strings. The exported history of the thread and of its
takeover child (``fetch_history().to_json()``, what anyone with read access to the namespace can
export) holds none of them; the same history decoded through the codec holds every one, so the
search would see them if they were there.

The search reads the export as a person grepping it would, and more: every JSON string, and
every string that is base64 (protobuf JSON writes payload bytes in base64, so a plaintext
payload never shows literally) decoded, plus the raw protobuf bytes.
"""

from __future__ import annotations

import json
import random
import string

from history_search import decoded_through, haystack, payloads_in
from temporalio.api.history.v1 import History

from contract.cases import OpsDecision
from contract.threads import BuyerMessage, Escalation, SellerReply, ThreadOpen, takeover_workflow_id, thread_workflow_id
from helpdesk_testing import ThreadHarness, ThreadProbe
from privacy.codec import ENCODING, EncryptionCodec
from rules.kinds import CaseStage, OpsOutcome, RaisedBy, TakeoverReason, ThreadState


def _marker() -> str:
    """Letters only: digits could be read as a phone number by the R2.1 screening."""
    return "".join(random.choices(string.ascii_lowercase, k=10))


THREAD_CARRIES = {
    "buyer name",
    "subject",
    "buyer message",
    "refused reply",
    "e-mail (the finding's matched text)",
    "accepted reply",
    "escalation note",
}
TAKEOVER_CARRIES = {"buyer name", "subject", "decision note"}


async def test_exported_history_holds_no_personal_data(dev_harness: ThreadHarness):
    h = dev_harness
    client = h.client
    run = _marker()
    name = f"Ingrid {run.capitalize()}"
    email = f"vendeur.{run}@example.org"
    secrets = {
        "buyer name": name,
        "subject": f"Ecran fissure pour {name}",
        "buyer message": f"Bonjour, ici {name}. Le telephone {run} est-il bien debloque ?",
        "refused reply": f"Merci, ecrivez-moi directement a {email} pour la suite.",
        "e-mail (the finding's matched text)": email,
        "accepted reply": f"Oui, il est debloque et part aujourd'hui, bonne journee {run}.",
        "escalation note": f"Appel de {name}, ecran arrive fissure {run}",
        "decision note": f"Photos vues avec {name}, rejet confirme {run}",
    }
    thread_id = f"T-privacy-{run}"
    h.opened.append(thread_id)
    thread = ThreadOpen(
        thread_id=thread_id,
        order_id=f"O-{thread_id}",
        seller_id=f"S-{thread_id}",
        buyer_id=f"B-{thread_id}",
        market="FR",
        subject=secrets["subject"],
    )
    await client.open_inquiry(
        thread, BuyerMessage(message_id=f"{thread_id}-m1", received_at=await h.now(), text=secrets["buyer message"])
    )

    refused = await client.seller_reply(
        thread_id, SellerReply(message_id=f"{thread_id}-r1", seller_id=thread.seller_id, text=secrets["refused reply"])
    )
    assert not refused.accepted and [f.text for f in refused.findings] == [email], refused
    accepted = await client.seller_reply(
        thread_id, SellerReply(message_id=f"{thread_id}-r2", seller_id=thread.seller_id, text=secrets["accepted reply"])
    )
    assert accepted.accepted, accepted
    await client.escalate(
        thread_id,
        Escalation(
            escalation_id=f"E-{run}",
            reason=TakeoverReason.QUALITY_DISPUTE,
            raised_by=RaisedBy.OPS,
            raised_by_id="ops-ann",
            note=secrets["escalation note"],
        ),
    )
    probe = ThreadProbe(h, thread)
    await probe.case()
    await client.cases.decide(
        thread_id, OpsDecision(outcome=OpsOutcome.REJECT_CLAIM, decided_by="ops-ann", note=secrets["decision note"])
    )
    await probe.case(until=lambda case: case.stage == CaseStage.CLOSED, timeout=30)
    assert (await probe.settled(lambda s: s.state == ThreadState.TAKEN_OVER)).state == ThreadState.TAKEN_OVER

    codec = client.temporal.data_converter.payload_codec
    assert isinstance(codec, EncryptionCodec)
    for workflow_id in (thread_workflow_id(thread_id), takeover_workflow_id(thread_id)):
        history = await client.temporal.get_workflow_handle(workflow_id).fetch_history()
        exported = history.to_json()
        assert json.loads(exported)["events"], workflow_id

        as_stored = haystack(History(events=history.events))
        leaked = {what: text for what, text in secrets.items() if text in as_stored}
        assert leaked == {}, f"{workflow_id}: in plaintext in the exported history: {leaked}"
        # Every payload is encrypted but the kinds no codec sees: search attributes (Temporal
        # indexes them) and the SDK core's own bookkeeping, written after the codec ran: a local
        # activity's marker "data" (sequence number, activity type, attempt, times) and a patch
        # marker's "patch-data" (the patch id of workflow.patched).
        stored = dict(payloads_in(History(events=history.events), search_attributes=False))
        core_bookkeeping = (
            "marker_recorded_event_attributes.details[data].payloads[0]",
            "marker_recorded_event_attributes.details[patch-data].payloads[0]",
        )
        plain = sorted(
            where
            for where, p in stored.items()
            if p.metadata["encoding"] != ENCODING and not where.endswith(core_bookkeeping)
        )
        assert stored and plain == [], f"{workflow_id}: payloads not encrypted: {plain}"

        readable = haystack(await decoded_through(codec, history))
        # What each run must carry: the thread has the conversation and the escalation; the
        # takeover gets the thread (subject, hence the name) and the decision. (The thread may
        # hear of the decision too, but not necessarily before this test reads it.)
        carried = THREAD_CARRIES if workflow_id.startswith("thread-") else TAKEOVER_CARRIES
        expected_here = {k: v for k, v in secrets.items() if k in carried}
        missing = {what for what, text in expected_here.items() if text not in readable}
        assert missing == set(), (
            f"{workflow_id}: not found even after decoding, so the search proves nothing: {missing}"
        )
