"""The English words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import Catalog

CATALOG = Catalog(
    messages={
        "takeover": "On {when}, the platform took over your conversation with the buyer.",
        "violation": "On {when}, a breach of the seller terms was recorded on your account.",
        "flag": "On {when}, your seller record was flagged.",
        "charge": "On {when}, a cost was charged to your seller account.",
        "conversation": "Conversation: {thread_id}",
        "what": "Recorded as: {what}",
        "rule": "Rule {rule} of the seller terms: {words}.",
        "rule_unknown": "This is based on rule {rule} of the seller terms.",
        "due": "Your reply was due by {due_at}.",
        "hours": "Working hours counted from the buyer's message: {hours}",
        "finding": "Found in your reply: {kind}",
        "excerpt": "Text found: {text}, characters {start}-{end}",
        "excerpt_plain": "Text found: {text}",
        "raised": "Raised by: {who}",
        "escalation": "Reason given: {reason}",
        "reason": "Reason for the takeover: {reason}",
        "takeover_then": "The platform now handles the buyer in this conversation; your replies there are no "
        "longer delivered.",
        "violation_then": "The breach is kept on your seller record.",
        "flag_then": "Your seller record now carries a flag.",
        "charge_then": "Amount charged: {amount}.",
        "appeal_takeover": "The takeover itself stays, as it protects the buyer; you can appeal the breach, flag or costs it brings, each until the date and with the reference given in its own statement.",
        "absence": "An absence of {days} working days, announced {notice} days before it began (at least {needed} days were needed).",
        "absence_one": "An absence of {days} working days, announced the day before it began (at least {needed} days were needed).",
        "absence_none": "An absence of {days} working days, announced on the day it began or later (at least {needed} days were needed).",
        "cost": "Cost charged: {cost}",
        "decided_upheld": "Your appeal on {ref} was rejected: the sanction stands.",
        "decided_violation": "Your appeal on {ref} was accepted: the breach no longer counts against your seller record.",
        "decided_flag": "Your appeal on {ref} was accepted: the flag on your seller record is lifted.",
        "decided_charge": "Your appeal on {ref} was accepted: {amount} is credited back to your seller account.",
        "decided_partly": "Your appeal on {ref} was partly accepted: {amount} is credited back to your seller account.",
        "decided_reason": "Reason given by the platform: {note}",
        "decided_redress": "If you still disagree, you can refer the matter to the mediator named in the seller terms.",
        "appeal": "If you disagree, you can appeal until {until} via the helpdesk API or the seller portal, "
        "quoting reference {ref}.",
    },
    rules={
        "R1.4": "a buyer's message must receive an accepted reply within 24 working hours; otherwise the platform "
        "takes the conversation over",
        "R1.7": "a reply deadline that had already passed when the message reached the helpdesk counts as "
        "missed at once",
        "R2.1": "replies must not contain contact details or links outside the platform (e-mail, phone, "
        "messaging apps, social media, other websites); a second attempt in the same conversation is a breach "
        "and the platform takes it over",
        "R2.2": "replies must be written for the buyer, not sent by an auto-responder or copied unchanged into "
        "many conversations",
        "R2.3": "replies must be written in a language of the buyer's market",
        "R2.4": "replies must not be empty or insulting",
        "R4.2": "an absence of more than 5 working days must be announced at least 14 days before it starts",
        "R4.4": "during an absence, conversations whose reply deadline passes are handed over to the platform",
        "R5.1": "the platform takes over a conversation after a missed deadline, a dispute, a breach of the "
        "terms, an absence or a serious problem with the device",
        "R5.2": "the buyer, the platform or its support team can ask the platform to step in, for example in a "
        "dispute about quality, the listing or returns",
        "R5.3": "once the platform has taken over a conversation, it handles the buyer and decides the outcome",
        "R5.4": "a locked, counterfeit or unsafe device is taken over at once, the buyer is offered a return "
        "and refund, and the seller record is flagged",
        "R5.6": "the costs of a takeover are charged to the seller: a handling fee, the return label, the "
        "refund where the seller is at fault, and a fee for serious cases",
    },
    words={
        "reply_deadline_missed": "no reply in time",
        "off_platform_contact": "contact details outside the platform",
        "automated_reply": "automatic reply",
        "wrong_language": "reply not in the buyer's language",
        "empty_reply": "empty reply",
        "abusive_language": "impolite or insulting words",
        "late_absence_notice": "absence announced too late",
        "terms_violation": "breach of the seller terms",
        "severe_violation": "locked, counterfeit or unsafe device",
        "quality_dispute": "dispute about the product's quality",
        "not_as_described": "product not as described in the listing",
        "return_rights_denied": "return or complaint refused to the buyer",
        "seller_absent": "seller absent",
        "locked_device": "locked device (passcode, blacklisted IMEI, Apple ID or Google account)",
        "counterfeit": "counterfeit product",
        "unsafe_product": "unsafe product",
        "handling_fee": "handling fee for the takeover",
        "return_label": "prepaid return label",
        "refund": "refund to the buyer",
        "severe_violation_fee": "fee for a serious violation",
    },
    raised_by={"buyer": "the buyer", "backend": "the platform", "ops": "the platform's support team"},
    decimal=".",
    group=",",
    quotes=("\u201c", "\u201d"),
)
