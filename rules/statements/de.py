"""The German words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import Catalog

CATALOG = Catalog(
    messages={
        "takeover": "Am {when} hat die Plattform Ihre Unterhaltung mit dem Käufer übernommen.",
        "violation": "Am {when} wurde in Ihrem Konto ein Verstoß gegen die Verkäuferbedingungen vermerkt.",
        "flag": "Am {when} wurde Ihr Verkäuferkonto markiert.",
        "charge": "Am {when} wurden Ihrem Verkäuferkonto Kosten belastet.",
        "conversation": "Unterhaltung: {thread_id}",
        "what": "Vermerkt als: {what}",
        "rule": "Regel {rule} der Verkäuferbedingungen: {words}.",
        "rule_unknown": "Grundlage ist Regel {rule} der Verkäuferbedingungen.",
        "due": "Ihre Antwort war bis {due_at} fällig.",
        "hours": "Gezählte Arbeitsstunden seit der Nachricht des Käufers: {hours}",
        "finding": "In Ihrer Antwort gefunden: {kind}",
        "excerpt": "Gefundener Text: {text}, Zeichen {start}-{end}",
        "excerpt_plain": "Gefundener Text: {text}",
        "raised": "Gemeldet von: {who}",
        "escalation": "Angegebener Grund: {reason}",
        "reason": "Grund der Übernahme: {reason}",
        "takeover_then": "Die Plattform betreut den Käufer in dieser Unterhaltung jetzt selbst; Ihre Antworten "
        "werden dort nicht mehr zugestellt.",
        "violation_then": "Der Verstoß bleibt in Ihrem Verkäuferkonto vermerkt.",
        "flag_then": "Ihr Verkäuferkonto trägt jetzt eine Markierung.",
        "charge_then": "Belasteter Betrag: {amount}.",
        "appeal_takeover": "Die Übernahme selbst bleibt bestehen, da sie den Käufer schützt; gegen den Verstoß, die Markierung oder die Kosten, die daraus folgen, können Sie Einspruch einlegen, jeweils bis zu dem Datum und unter Angabe der Referenz aus der zugehörigen Mitteilung.",
        "absence": "Abwesenheit von {days} Arbeitstagen, angekündigt {notice} Tage vor ihrem Beginn (nötig waren mindestens {needed} Tage).",
        "absence_one": "Abwesenheit von {days} Arbeitstagen, angekündigt einen Tag vor ihrem Beginn (nötig waren mindestens {needed} Tage).",
        "absence_none": "Abwesenheit von {days} Arbeitstagen, angekündigt erst am Tag ihres Beginns oder danach (nötig waren mindestens {needed} Tage).",
        "cost": "Berechneter Posten: {cost}",
        "decided_upheld": "Ihr Einspruch gegen {ref} wurde abgelehnt: die Maßnahme bleibt bestehen.",
        "decided_violation": "Ihrem Einspruch gegen {ref} wurde stattgegeben: der Verstoß zählt nicht mehr in Ihrem Verkäuferkonto.",
        "decided_flag": "Ihrem Einspruch gegen {ref} wurde stattgegeben: die Markierung Ihres Verkäuferkontos ist aufgehoben.",
        "decided_charge": "Ihrem Einspruch gegen {ref} wurde stattgegeben: {amount} werden Ihrem Verkäuferkonto gutgeschrieben.",
        "decided_partly": "Ihrem Einspruch gegen {ref} wurde teilweise stattgegeben: {amount} werden Ihrem Verkäuferkonto gutgeschrieben.",
        "decided_reason": "Begründung der Plattform: {note}",
        "decided_redress": "Wenn Sie weiterhin nicht einverstanden sind, können Sie die in den Verkäuferbedingungen genannte Schlichtungsstelle anrufen.",
        "appeal": "Wenn Sie nicht einverstanden sind, können Sie bis {until} über die Helpdesk-API oder das "
        "Verkäuferportal Einspruch einlegen und dabei die Referenz {ref} angeben.",
    },
    rules={
        "R1.4": "jede Nachricht eines Käufers muss innerhalb von 24 Arbeitsstunden eine angenommene Antwort "
        "erhalten; sonst übernimmt die Plattform die Unterhaltung",
        "R1.7": "eine Antwortfrist, die schon abgelaufen war, als die Nachricht beim Helpdesk ankam, gilt sofort "
        "als versäumt",
        "R2.1": "Antworten dürfen keine Kontaktdaten oder Links außerhalb der Plattform enthalten (E-Mail, "
        "Telefon, Messenger, soziale Netzwerke, andere Websites); ein zweiter Versuch in derselben Unterhaltung "
        "ist ein Verstoß, und die Plattform übernimmt sie",
        "R2.2": "Antworten müssen für den Käufer geschrieben sein, nicht von einem Abwesenheitsassistenten "
        "gesendet oder unverändert in viele Unterhaltungen kopiert",
        "R2.3": "Antworten müssen in einer Sprache des Marktes des Käufers geschrieben sein",
        "R2.4": "Antworten dürfen weder leer noch beleidigend sein",
        "R4.2": "eine Abwesenheit von mehr als 5 Arbeitstagen muss mindestens 14 Tage vor ihrem Beginn "
        "angekündigt werden",
        "R4.4": "während einer Abwesenheit übernimmt die Plattform Unterhaltungen, deren Antwortfrist abläuft",
        "R5.1": "die Plattform übernimmt eine Unterhaltung bei versäumter Frist, Streitfall, Verstoß gegen die "
        "Bedingungen, Abwesenheit oder einem schweren Problem mit dem Gerät",
        "R5.2": "der Käufer, die Plattform oder ihr Support-Team können die Plattform um Eingreifen bitten, etwa "
        "bei Streit über Qualität, Angebot oder Rückgabe",
        "R5.3": "sobald die Plattform eine Unterhaltung übernommen hat, betreut sie den Käufer und entscheidet "
        "über die Lösung",
        "R5.4": "ein gesperrtes, gefälschtes oder unsicheres Gerät wird sofort übernommen, dem Käufer wird "
        "Rückgabe mit Erstattung angeboten, und das Verkäuferkonto wird markiert",
        "R5.6": "die Kosten einer Übernahme werden dem Verkäufer berechnet: eine Bearbeitungsgebühr, das "
        "Rücksendeetikett, die Erstattung, wenn der Verkäufer schuld ist, und eine Gebühr für schwere Fälle",
    },
    words={
        "reply_deadline_missed": "keine Antwort innerhalb der Frist",
        "off_platform_contact": "Kontaktdaten außerhalb der Plattform",
        "automated_reply": "automatische Antwort",
        "wrong_language": "Antwort nicht in der Sprache des Käufers",
        "empty_reply": "leere Antwort",
        "abusive_language": "unhöfliche oder beleidigende Worte",
        "late_absence_notice": "Abwesenheit zu spät angekündigt",
        "terms_violation": "Verstoß gegen die Verkäuferbedingungen",
        "severe_violation": "gesperrtes, gefälschtes oder unsicheres Gerät",
        "quality_dispute": "Streit über die Qualität des Produkts",
        "not_as_described": "Produkt entspricht nicht dem Angebot",
        "return_rights_denied": "Rückgabe oder Reklamation dem Käufer verweigert",
        "seller_absent": "Verkäufer abwesend",
        "locked_device": "gesperrtes Gerät (Code, IMEI auf der Sperrliste, Apple-ID oder Google-Konto)",
        "counterfeit": "gefälschtes Produkt",
        "unsafe_product": "unsicheres Produkt",
        "handling_fee": "Bearbeitungsgebühr für die Übernahme",
        "return_label": "vorfrankiertes Rücksendeetikett",
        "refund": "Erstattung an den Käufer",
        "severe_violation_fee": "Gebühr für einen schweren Verstoß",
    },
    raised_by={"buyer": "der Käufer", "backend": "die Plattform", "ops": "das Support-Team der Plattform"},
    decimal=",",
    group=".",
    quotes=("\u201e", "\u201c"),
)
