"""Statements of reasons (issue 20): a sanction told to the seller in plain words, in the market's language.

For every takeover, violation, flag or charge the seller reads what happened and when (in the
market's local time), which rule of the seller terms it applies (in plain words, with its id),
the facts it rests on, the consequence, and until when and how to appeal. The words come from a
message catalog per language, no translation library, so a statement renders the same every time.

The statement itself is a contract model (``contract.statements.Statement``); the rulebook sits
below the contract and so reads it through the protocol ``StatementView``, which that model
satisfies (its ``render`` method calls ``render_statement``, so mypy checks the fit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LANGUAGES: tuple[str, ...] = ("fr", "de", "nl", "es", "it", "pt", "en", "sv", "fi", "el", "pl")
"""The languages of the markets of RULES.md."""

SANCTIONING_RULES: tuple[str, ...] = (
    "R1.4",
    "R1.7",
    "R2.1",
    "R2.2",
    "R2.3",
    "R2.4",
    "R4.2",
    "R4.4",
    "R5.1",
    "R5.2",
    "R5.3",
    "R5.4",
    "R5.6",
)
"""The rules that record a violation, take a thread over, flag a seller or charge one (RULES.md)."""

CENT = Decimal("0.01")
NOTICE_DAYS_NEEDED = 14  # R4.2's default, for a statement that does not carry the setting it was made under
DECISIONS = {"upheld", "overturned", "partly_overturned"}


class StatementFactsView(Protocol):
    @property
    def due_at(self) -> datetime | None: ...
    @property
    def working_hours(self) -> float | None: ...
    @property
    def finding_kind(self) -> str | None: ...
    @property
    def finding_text(self) -> str | None: ...
    @property
    def finding_start(self) -> int | None: ...
    @property
    def finding_end(self) -> int | None: ...
    @property
    def escalation_reason(self) -> str | None: ...
    @property
    def raised_by(self) -> str | None: ...
    @property
    def amount(self) -> Decimal | None: ...
    @property
    def currency(self) -> str | None: ...
    @property
    def takeover_reason(self) -> str | None: ...
    @property
    def cost_kind(self) -> str | None: ...
    @property
    def absence_working_days(self) -> int | None: ...
    @property
    def notice_days(self) -> int | None: ...
    @property
    def notice_days_needed(self) -> int | None: ...


class StatementView(Protocol):
    """What ``render_statement`` reads of a ``contract.statements.Statement``."""

    @property
    def sanction_kind(self) -> str: ...
    @property
    def sanction_id(self) -> str: ...
    @property
    def thread_id(self) -> str | None: ...
    @property
    def rule(self) -> str: ...
    @property
    def violation_kind(self) -> str | None: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def appeal_until(self) -> datetime: ...
    @property
    def facts(self) -> StatementFactsView: ...


@dataclass(frozen=True)
class Catalog:
    """One language's words: sentences (format strings), rules, codes, who raised, number style."""

    messages: Mapping[str, str]
    rules: Mapping[str, str]
    words: Mapping[str, str]  # violation kinds, finding kinds and takeover reasons, by code
    raised_by: Mapping[str, str]
    decimal: str
    group: str
    quotes: tuple[str, str]


NBSP = "\u00a0"

CATALOGS: Mapping[str, Catalog] = {
    "en": Catalog(
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
    ),
    "fr": Catalog(
        messages={
            "takeover": "Le {when}, la plateforme a repris votre conversation avec l'acheteur.",
            "violation": "Le {when}, un manquement aux conditions vendeur a été enregistré sur votre compte.",
            "flag": "Le {when}, votre dossier vendeur a été signalé.",
            "charge": "Le {when}, des frais ont été imputés à votre compte vendeur.",
            "conversation": "Conversation : {thread_id}",
            "what": "Motif enregistré : {what}",
            "rule": "Règle {rule} des conditions vendeur : {words}.",
            "rule_unknown": "Cette mesure se fonde sur la règle {rule} des conditions vendeur.",
            "due": "Votre réponse était attendue au plus tard le {due_at}.",
            "hours": "Heures ouvrées comptées depuis le message de l'acheteur : {hours}",
            "finding": "Constaté dans votre réponse : {kind}",
            "excerpt": "Texte relevé : {text}, caractères {start}-{end}",
            "excerpt_plain": "Texte relevé : {text}",
            "raised": "Signalé par : {who}",
            "escalation": "Motif indiqué : {reason}",
            "reason": "Motif de la reprise : {reason}",
            "takeover_then": "La plateforme s'occupe désormais de l'acheteur dans cette conversation ; vos réponses "
            "n'y sont plus transmises.",
            "violation_then": "Le manquement reste inscrit dans votre dossier vendeur.",
            "flag_then": "Votre dossier vendeur porte désormais un signalement.",
            "charge_then": "Montant imputé : {amount}.",
            "appeal_takeover": "La reprise elle-même est maintenue, car elle protège l'acheteur ; vous pouvez contester le manquement, le signalement ou les frais qui en découlent, chacun jusqu'à la date et avec la référence indiquées dans sa propre notification.",
            "absence": "Absence de {days} jours ouvrés, annoncée {notice} jours avant son début (il fallait au moins {needed} jours).",
            "absence_one": "Absence de {days} jours ouvrés, annoncée la veille de son début (il fallait au moins {needed} jours).",
            "absence_none": "Absence de {days} jours ouvrés, annoncée le jour de son début ou après (il fallait au moins {needed} jours).",
            "cost": "Poste facturé : {cost}",
            "decided_upheld": "Votre contestation de {ref} a été rejetée : la mesure est maintenue.",
            "decided_violation": "Votre contestation de {ref} a été acceptée : le manquement ne compte plus dans votre dossier vendeur.",
            "decided_flag": "Votre contestation de {ref} a été acceptée : le signalement de votre dossier vendeur est levé.",
            "decided_charge": "Votre contestation de {ref} a été acceptée : {amount} sont recrédités sur votre compte vendeur.",
            "decided_partly": "Votre contestation de {ref} a été partiellement acceptée : {amount} sont recrédités sur votre compte vendeur.",
            "decided_reason": "Motif indiqué par la plateforme : {note}",
            "decided_redress": "Si vous restez en désaccord, vous pouvez saisir le médiateur désigné dans les conditions vendeur.",
            "appeal": "Si vous n'êtes pas d'accord, vous pouvez contester cette mesure jusqu'au {until} via l'API du service "
            "d'assistance ou le portail vendeur, en indiquant la référence {ref}.",
        },
        rules={
            "R1.4": "chaque message d'un acheteur doit recevoir une réponse acceptée dans les 24 heures ouvrées ; "
            "sinon, la plateforme reprend la conversation",
            "R1.7": "un délai de réponse déjà dépassé lorsque le message parvient au service d'assistance est "
            "considéré comme manqué immédiatement",
            "R2.1": "les réponses ne doivent contenir aucune coordonnée ni aucun lien en dehors de la plateforme "
            "(e-mail, téléphone, messagerie, réseaux sociaux, autres sites) ; une deuxième tentative dans la même "
            "conversation est un manquement et la plateforme la reprend",
            "R2.2": "les réponses doivent être rédigées pour l'acheteur, et non envoyées par un répondeur "
            "automatique ni copiées telles quelles dans de nombreuses conversations",
            "R2.3": "les réponses doivent être rédigées dans une langue du marché de l'acheteur",
            "R2.4": "les réponses ne doivent être ni vides ni insultantes",
            "R4.2": "une absence de plus de 5 jours ouvrés doit être annoncée au moins 14 jours avant son début",
            "R4.4": "pendant une absence, les conversations dont le délai de réponse expire sont reprises par la "
            "plateforme",
            "R5.1": "la plateforme reprend une conversation en cas de délai manqué, de litige, de manquement aux "
            "conditions, d'absence ou de problème grave avec l'appareil",
            "R5.2": "l'acheteur, la plateforme ou son équipe d'assistance peuvent demander l'intervention de la "
            "plateforme, par exemple en cas de litige sur la qualité, l'annonce ou les retours",
            "R5.3": "une fois la conversation reprise, la plateforme s'occupe de l'acheteur et décide de la solution",
            "R5.4": "un appareil verrouillé, contrefait ou dangereux est repris immédiatement, l'acheteur se voit "
            "proposer un retour avec remboursement et le dossier du vendeur est signalé",
            "R5.6": "les coûts d'une reprise sont facturés au vendeur : frais de traitement, étiquette de retour, "
            "remboursement lorsque le vendeur est en faute et frais pour les cas graves",
        },
        words={
            "reply_deadline_missed": "pas de réponse dans le délai",
            "off_platform_contact": "coordonnées en dehors de la plateforme",
            "automated_reply": "réponse automatique",
            "wrong_language": "réponse qui n'est pas dans la langue de l'acheteur",
            "empty_reply": "réponse vide",
            "abusive_language": "propos impolis ou insultants",
            "late_absence_notice": "absence annoncée trop tard",
            "terms_violation": "manquement aux conditions vendeur",
            "severe_violation": "appareil verrouillé, contrefait ou dangereux",
            "quality_dispute": "litige sur la qualité du produit",
            "not_as_described": "produit non conforme à l'annonce",
            "return_rights_denied": "retour ou réclamation refusé à l'acheteur",
            "seller_absent": "vendeur absent",
            "locked_device": "appareil verrouillé (code, IMEI sur liste noire, identifiant Apple ou compte Google)",
            "counterfeit": "produit contrefait",
            "unsafe_product": "produit dangereux",
            "handling_fee": "frais de traitement de la reprise",
            "return_label": "étiquette de retour prépayée",
            "refund": "remboursement de l'acheteur",
            "severe_violation_fee": "frais pour manquement grave",
        },
        raised_by={
            "buyer": "l'acheteur",
            "backend": "la plateforme",
            "ops": "l'équipe d'assistance de la plateforme",
        },
        decimal=",",
        group=NBSP,
        quotes=("«" + NBSP, NBSP + "»"),
    ),
    "de": Catalog(
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
    ),
    "nl": Catalog(
        messages={
            "takeover": "Op {when} heeft het platform uw gesprek met de koper overgenomen.",
            "violation": "Op {when} is een overtreding van de verkopersvoorwaarden op uw account geregistreerd.",
            "flag": "Op {when} is uw verkopersdossier gemarkeerd.",
            "charge": "Op {when} zijn kosten in rekening gebracht op uw verkopersaccount.",
            "conversation": "Gesprek: {thread_id}",
            "what": "Geregistreerd als: {what}",
            "rule": "Regel {rule} van de verkopersvoorwaarden: {words}.",
            "rule_unknown": "Dit is gebaseerd op regel {rule} van de verkopersvoorwaarden.",
            "due": "Uw antwoord moest uiterlijk {due_at} binnen zijn.",
            "hours": "Getelde werkuren sinds het bericht van de koper: {hours}",
            "finding": "Gevonden in uw antwoord: {kind}",
            "excerpt": "Gevonden tekst: {text}, tekens {start}-{end}",
            "excerpt_plain": "Gevonden tekst: {text}",
            "raised": "Gemeld door: {who}",
            "escalation": "Opgegeven reden: {reason}",
            "reason": "Reden van de overname: {reason}",
            "takeover_then": "Het platform helpt de koper in dit gesprek nu zelf; uw antwoorden worden daar niet "
            "meer bezorgd.",
            "violation_then": "De overtreding blijft in uw verkopersdossier staan.",
            "flag_then": "Uw verkopersdossier heeft nu een markering.",
            "charge_then": "In rekening gebracht bedrag: {amount}.",
            "appeal_takeover": "De overname zelf blijft van kracht, omdat die de koper beschermt; tegen de overtreding, de markering of de kosten die eruit voortvloeien kunt u bezwaar maken, telkens tot de datum en met de referentie uit de bijbehorende mededeling.",
            "absence": "Afwezigheid van {days} werkdagen, aangekondigd {notice} dagen vóór het begin (minstens {needed} dagen waren vereist).",
            "absence_one": "Afwezigheid van {days} werkdagen, aangekondigd één dag vóór het begin (minstens {needed} dagen waren vereist).",
            "absence_none": "Afwezigheid van {days} werkdagen, pas aangekondigd op of na de begindag (minstens {needed} dagen waren vereist).",
            "cost": "In rekening gebracht: {cost}",
            "decided_upheld": "Uw bezwaar tegen {ref} is afgewezen: de maatregel blijft van kracht.",
            "decided_violation": "Uw bezwaar tegen {ref} is toegewezen: de overtreding telt niet meer mee in uw verkopersdossier.",
            "decided_flag": "Uw bezwaar tegen {ref} is toegewezen: de markering van uw verkopersdossier is opgeheven.",
            "decided_charge": "Uw bezwaar tegen {ref} is toegewezen: {amount} wordt op uw verkopersrekening teruggestort.",
            "decided_partly": "Uw bezwaar tegen {ref} is gedeeltelijk toegewezen: {amount} wordt op uw verkopersrekening teruggestort.",
            "decided_reason": "Toelichting van het platform: {note}",
            "decided_redress": "Bent u het er nog steeds niet mee eens, dan kunt u zich wenden tot de bemiddelaar die in de verkopersvoorwaarden wordt genoemd.",
            "appeal": "Bent u het er niet mee eens, dan kunt u tot {until} bezwaar maken via de helpdesk-API of het "
            "verkopersportaal, met vermelding van referentie {ref}.",
        },
        rules={
            "R1.4": "elk bericht van een koper moet binnen 24 werkuren een geaccepteerd antwoord krijgen; anders "
            "neemt het platform het gesprek over",
            "R1.7": "een antwoordtermijn die al verstreken was toen het bericht de helpdesk bereikte, geldt meteen "
            "als gemist",
            "R2.1": "antwoorden mogen geen contactgegevens of links buiten het platform bevatten (e-mail, telefoon, "
            "berichtenapps, sociale media, andere websites); een tweede poging in hetzelfde gesprek is een "
            "overtreding en het platform neemt het over",
            "R2.2": "antwoorden moeten voor de koper geschreven zijn, niet verstuurd door een automatisch antwoord "
            "of ongewijzigd in veel gesprekken gekopieerd",
            "R2.3": "antwoorden moeten geschreven zijn in een taal van de markt van de koper",
            "R2.4": "antwoorden mogen niet leeg of beledigend zijn",
            "R4.2": "een afwezigheid van meer dan 5 werkdagen moet minstens 14 dagen voor het begin worden gemeld",
            "R4.4": "tijdens een afwezigheid neemt het platform gesprekken over waarvan de antwoordtermijn verstrijkt",
            "R5.1": "het platform neemt een gesprek over bij een gemiste termijn, een geschil, een overtreding van "
            "de voorwaarden, een afwezigheid of een ernstig probleem met het toestel",
            "R5.2": "de koper, het platform of het supportteam kan het platform vragen in te grijpen, bijvoorbeeld "
            "bij een geschil over kwaliteit, de advertentie of een retour",
            "R5.3": "zodra het platform een gesprek heeft overgenomen, helpt het de koper en beslist het over de "
            "oplossing",
            "R5.4": "een vergrendeld, nagemaakt of onveilig toestel wordt meteen overgenomen, de koper krijgt retour "
            "met terugbetaling aangeboden en het verkopersdossier wordt gemarkeerd",
            "R5.6": "de kosten van een overname worden aan de verkoper doorberekend: behandelingskosten, het "
            "retourlabel, de terugbetaling als de verkoper in fout is, en een vergoeding voor ernstige gevallen",
        },
        words={
            "reply_deadline_missed": "geen antwoord binnen de termijn",
            "off_platform_contact": "contactgegevens buiten het platform",
            "automated_reply": "automatisch antwoord",
            "wrong_language": "antwoord niet in de taal van de koper",
            "empty_reply": "leeg antwoord",
            "abusive_language": "onbeleefde of beledigende woorden",
            "late_absence_notice": "afwezigheid te laat gemeld",
            "terms_violation": "overtreding van de verkopersvoorwaarden",
            "severe_violation": "vergrendeld, nagemaakt of onveilig toestel",
            "quality_dispute": "geschil over de kwaliteit van het product",
            "not_as_described": "product komt niet overeen met de advertentie",
            "return_rights_denied": "retour of klacht van de koper geweigerd",
            "seller_absent": "verkoper afwezig",
            "locked_device": "vergrendeld toestel (toegangscode, IMEI op de zwarte lijst, Apple ID of Google-account)",
            "counterfeit": "nagemaakt product",
            "unsafe_product": "onveilig product",
            "handling_fee": "behandelingskosten voor de overname",
            "return_label": "voorgefrankeerd retourlabel",
            "refund": "terugbetaling aan de koper",
            "severe_violation_fee": "toeslag voor een ernstige overtreding",
        },
        raised_by={"buyer": "de koper", "backend": "het platform", "ops": "het supportteam van het platform"},
        decimal=",",
        group=".",
        quotes=("\u201c", "\u201d"),
    ),
    "es": Catalog(
        messages={
            "takeover": "El {when}, la plataforma se hizo cargo de su conversación con el comprador.",
            "violation": "El {when}, se registró en su cuenta un incumplimiento de las condiciones para vendedores.",
            "flag": "El {when}, su cuenta de vendedor quedó señalada.",
            "charge": "El {when}, se cargaron costes en su cuenta de vendedor.",
            "conversation": "Conversación: {thread_id}",
            "what": "Registrado como: {what}",
            "rule": "Norma {rule} de las condiciones para vendedores: {words}.",
            "rule_unknown": "Esta medida se basa en la norma {rule} de las condiciones para vendedores.",
            "due": "Su respuesta debía llegar a más tardar el {due_at}.",
            "hours": "Horas laborables contadas desde el mensaje del comprador: {hours}",
            "finding": "Encontrado en su respuesta: {kind}",
            "excerpt": "Texto encontrado: {text}, caracteres {start}-{end}",
            "excerpt_plain": "Texto encontrado: {text}",
            "raised": "Planteado por: {who}",
            "escalation": "Motivo indicado: {reason}",
            "reason": "Motivo de la intervención: {reason}",
            "takeover_then": "Ahora la plataforma atiende al comprador en esta conversación; sus respuestas ya no se "
            "entregan en ella.",
            "violation_then": "El incumplimiento queda registrado en su expediente de vendedor.",
            "flag_then": "Su cuenta de vendedor tiene ahora una señalización.",
            "charge_then": "Importe cargado: {amount}.",
            "appeal_takeover": "La intervención en sí se mantiene, porque protege al comprador; puede recurrir el incumplimiento, la señalización o los cargos que conlleva, en cada caso hasta la fecha y con la referencia de la notificación correspondiente.",
            "absence": "Ausencia de {days} días laborables, anunciada {notice} días antes de su inicio (se requerían al menos {needed} días).",
            "absence_one": "Ausencia de {days} días laborables, anunciada un día antes de su inicio (se requerían al menos {needed} días).",
            "absence_none": "Ausencia de {days} días laborables, anunciada el mismo día de su inicio o después (se requerían al menos {needed} días).",
            "cost": "Concepto del cargo: {cost}",
            "decided_upheld": "Su recurso contra {ref} ha sido desestimado: la medida se mantiene.",
            "decided_violation": "Su recurso contra {ref} ha sido estimado: el incumplimiento ya no cuenta en su expediente de vendedor.",
            "decided_flag": "Su recurso contra {ref} ha sido estimado: se retira la señalización de su cuenta de vendedor.",
            "decided_charge": "Su recurso contra {ref} ha sido estimado: se abonan {amount} en su cuenta de vendedor.",
            "decided_partly": "Su recurso contra {ref} ha sido estimado en parte: se abonan {amount} en su cuenta de vendedor.",
            "decided_reason": "Motivo indicado por la plataforma: {note}",
            "decided_redress": "Si sigue sin estar de acuerdo, puede acudir al mediador designado en las condiciones para vendedores.",
            "appeal": "Si no está de acuerdo, puede recurrir hasta el {until} a través de la API del servicio de "
            "asistencia o del portal de vendedores, indicando la referencia {ref}.",
        },
        rules={
            "R1.4": "cada mensaje de un comprador debe recibir una respuesta aceptada en un plazo de 24 horas "
            "laborables; si no, la plataforma se hace cargo de la conversación",
            "R1.7": "un plazo de respuesta que ya había vencido cuando el mensaje llegó al servicio de asistencia se "
            "considera incumplido de inmediato",
            "R2.1": "las respuestas no pueden contener datos de contacto ni enlaces fuera de la plataforma (correo "
            "electrónico, teléfono, mensajería, redes sociales, otros sitios web); un segundo intento en la misma "
            "conversación es un incumplimiento y la plataforma se hace cargo de ella",
            "R2.2": "las respuestas deben estar escritas para el comprador, no enviadas por un contestador "
            "automático ni copiadas sin cambios en muchas conversaciones",
            "R2.3": "las respuestas deben estar escritas en un idioma del mercado del comprador",
            "R2.4": "las respuestas no pueden estar vacías ni ser ofensivas",
            "R4.2": "una ausencia de más de 5 días laborables debe anunciarse al menos 14 días antes de su inicio",
            "R4.4": "durante una ausencia, la plataforma se hace cargo de las conversaciones cuyo plazo de respuesta "
            "vence",
            "R5.1": "la plataforma se hace cargo de una conversación por un plazo incumplido, una disputa, un "
            "incumplimiento de las condiciones, una ausencia o un problema grave con el dispositivo",
            "R5.2": "el comprador, la plataforma o su equipo de asistencia pueden pedir que la plataforma "
            "intervenga, por ejemplo en una disputa sobre la calidad, el anuncio o las devoluciones",
            "R5.3": "cuando la plataforma se ha hecho cargo de una conversación, atiende al comprador y decide la "
            "solución",
            "R5.4": "un dispositivo bloqueado, falsificado o peligroso pasa de inmediato a la plataforma, se ofrece "
            "al comprador la devolución con reembolso y se marca el expediente del vendedor",
            "R5.6": "los costes de una intervención se cargan al vendedor: una tarifa de gestión, la etiqueta de "
            "devolución, el reembolso cuando el vendedor es responsable y una tarifa por casos graves",
        },
        words={
            "reply_deadline_missed": "sin respuesta dentro del plazo",
            "off_platform_contact": "datos de contacto fuera de la plataforma",
            "automated_reply": "respuesta automática",
            "wrong_language": "respuesta que no está en el idioma del comprador",
            "empty_reply": "respuesta vacía",
            "abusive_language": "palabras descorteses u ofensivas",
            "late_absence_notice": "ausencia anunciada demasiado tarde",
            "terms_violation": "incumplimiento de las condiciones para vendedores",
            "severe_violation": "dispositivo bloqueado, falsificado o peligroso",
            "quality_dispute": "disputa sobre la calidad del producto",
            "not_as_described": "producto que no coincide con el anuncio",
            "return_rights_denied": "devolución o reclamación denegada al comprador",
            "seller_absent": "vendedor ausente",
            "locked_device": "dispositivo bloqueado (código, IMEI en lista negra, ID de Apple o cuenta de Google)",
            "counterfeit": "producto falsificado",
            "unsafe_product": "producto peligroso",
            "handling_fee": "tarifa de gestión de la intervención",
            "return_label": "etiqueta de devolución prepagada",
            "refund": "reembolso al comprador",
            "severe_violation_fee": "cargo por infracción grave",
        },
        raised_by={
            "buyer": "el comprador",
            "backend": "la plataforma",
            "ops": "el equipo de asistencia de la plataforma",
        },
        decimal=",",
        group=".",
        quotes=("«", "»"),
    ),
    "it": Catalog(
        messages={
            "takeover": "Il {when} la piattaforma ha preso in carico la sua conversazione con l'acquirente.",
            "violation": "Il {when} è stata registrata sul suo account una violazione delle condizioni per i "
            "venditori.",
            "flag": "Il {when} il suo profilo venditore è stato segnalato.",
            "charge": "Il {when} sono stati addebitati dei costi sul suo account venditore.",
            "conversation": "Conversazione: {thread_id}",
            "what": "Motivo registrato: {what}",
            "rule": "Regola {rule} delle condizioni per i venditori: {words}.",
            "rule_unknown": "Questa misura si basa sulla regola {rule} delle condizioni per i venditori.",
            "due": "La sua risposta era dovuta entro il {due_at}.",
            "hours": "Ore lavorative conteggiate dal messaggio dell'acquirente: {hours}",
            "finding": "Trovato nella sua risposta: {kind}",
            "excerpt": "Testo trovato: {text}, caratteri {start}-{end}",
            "excerpt_plain": "Testo trovato: {text}",
            "raised": "Segnalato da: {who}",
            "escalation": "Motivo indicato: {reason}",
            "reason": "Motivo della presa in carico: {reason}",
            "takeover_then": "Ora la piattaforma si occupa dell'acquirente in questa conversazione; le sue risposte "
            "non vengono più recapitate.",
            "violation_then": "La violazione resta registrata nel suo profilo venditore.",
            "flag_then": "Il suo profilo venditore ora porta una segnalazione.",
            "charge_then": "Importo addebitato: {amount}.",
            "appeal_takeover": "La presa in carico rimane valida, perché tutela l'acquirente; può presentare ricorso contro la violazione, la segnalazione o i costi che ne derivano, ciascuno entro la data e con il riferimento indicati nella relativa comunicazione.",
            "absence": "Assenza di {days} giorni lavorativi, comunicata {notice} giorni prima dell'inizio (ne servivano almeno {needed}).",
            "absence_one": "Assenza di {days} giorni lavorativi, comunicata il giorno prima dell'inizio (ne servivano almeno {needed}).",
            "absence_none": "Assenza di {days} giorni lavorativi, comunicata il giorno stesso dell'inizio o dopo (ne servivano almeno {needed}).",
            "cost": "Voce addebitata: {cost}",
            "decided_upheld": "Il suo ricorso contro {ref} è stato respinto: la misura resta valida.",
            "decided_violation": "Il suo ricorso contro {ref} è stato accolto: la violazione non conta più nel suo profilo venditore.",
            "decided_flag": "Il suo ricorso contro {ref} è stato accolto: la segnalazione del suo profilo venditore è stata revocata.",
            "decided_charge": "Il suo ricorso contro {ref} è stato accolto: {amount} vengono riaccreditati sul suo conto venditore.",
            "decided_partly": "Il suo ricorso contro {ref} è stato accolto in parte: {amount} vengono riaccreditati sul suo conto venditore.",
            "decided_reason": "Motivazione della piattaforma: {note}",
            "decided_redress": "Se non è ancora d'accordo, può rivolgersi al mediatore indicato nelle condizioni per i venditori.",
            "appeal": "Se non è d'accordo, può presentare ricorso entro il {until} tramite l'API dell'assistenza o il "
            "portale venditori, indicando il riferimento {ref}.",
        },
        rules={
            "R1.4": "ogni messaggio di un acquirente deve ricevere una risposta accettata entro 24 ore lavorative; "
            "altrimenti la piattaforma prende in carico la conversazione",
            "R1.7": "un termine di risposta già scaduto quando il messaggio è arrivato all'assistenza è considerato "
            "mancato subito",
            "R2.1": "le risposte non possono contenere recapiti o link al di fuori della piattaforma (e-mail, "
            "telefono, app di messaggistica, social network, altri siti); un secondo tentativo nella stessa "
            "conversazione è una violazione e la piattaforma la prende in carico",
            "R2.2": "le risposte devono essere scritte per l'acquirente, non inviate da un risponditore automatico "
            "né copiate senza modifiche in molte conversazioni",
            "R2.3": "le risposte devono essere scritte in una lingua del mercato dell'acquirente",
            "R2.4": "le risposte non possono essere vuote né offensive",
            "R4.2": "un'assenza di più di 5 giorni lavorativi deve essere comunicata almeno 14 giorni prima del suo "
            "inizio",
            "R4.4": "durante un'assenza, la piattaforma prende in carico le conversazioni il cui termine di risposta "
            "scade",
            "R5.1": "la piattaforma prende in carico una conversazione in caso di termine mancato, contestazione, "
            "violazione delle condizioni, assenza o grave problema con il dispositivo",
            "R5.2": "l'acquirente, la piattaforma o il suo team di assistenza possono chiedere l'intervento della "
            "piattaforma, ad esempio in una contestazione sulla qualità, sull'annuncio o sui resi",
            "R5.3": "una volta presa in carico la conversazione, la piattaforma si occupa dell'acquirente e decide "
            "la soluzione",
            "R5.4": "un dispositivo bloccato, contraffatto o non sicuro viene preso in carico subito, all'acquirente "
            "si offre il reso con rimborso e il profilo del venditore viene segnalato",
            "R5.6": "i costi di una presa in carico sono addebitati al venditore: una commissione di gestione, "
            "l'etichetta di reso, il rimborso quando la colpa è del venditore e una commissione per i casi gravi",
        },
        words={
            "reply_deadline_missed": "nessuna risposta entro il termine",
            "off_platform_contact": "recapiti al di fuori della piattaforma",
            "automated_reply": "risposta automatica",
            "wrong_language": "risposta non nella lingua dell'acquirente",
            "empty_reply": "risposta vuota",
            "abusive_language": "parole scortesi o offensive",
            "late_absence_notice": "assenza comunicata troppo tardi",
            "terms_violation": "violazione delle condizioni per i venditori",
            "severe_violation": "dispositivo bloccato, contraffatto o non sicuro",
            "quality_dispute": "contestazione sulla qualità del prodotto",
            "not_as_described": "prodotto non conforme all'annuncio",
            "return_rights_denied": "reso o reclamo negato all'acquirente",
            "seller_absent": "venditore assente",
            "locked_device": "dispositivo bloccato (codice, IMEI in blacklist, ID Apple o account Google)",
            "counterfeit": "prodotto contraffatto",
            "unsafe_product": "prodotto non sicuro",
            "handling_fee": "commissione di gestione della presa in carico",
            "return_label": "etichetta di reso prepagata",
            "refund": "rimborso all'acquirente",
            "severe_violation_fee": "commissione per violazione grave",
        },
        raised_by={
            "buyer": "l'acquirente",
            "backend": "la piattaforma",
            "ops": "il team di assistenza della piattaforma",
        },
        decimal=",",
        group=".",
        quotes=("«", "»"),
    ),
    "pt": Catalog(
        messages={
            "takeover": "Em {when}, a plataforma assumiu a sua conversa com o comprador.",
            "violation": "Em {when}, foi registado na sua conta um incumprimento das condições para vendedores.",
            "flag": "Em {when}, o seu registo de vendedor foi assinalado.",
            "charge": "Em {when}, foram cobrados custos na sua conta de vendedor.",
            "conversation": "Conversa: {thread_id}",
            "what": "Registado como: {what}",
            "rule": "Regra {rule} das condições para vendedores: {words}.",
            "rule_unknown": "Esta medida baseia-se na regra {rule} das condições para vendedores.",
            "due": "A sua resposta era devida até {due_at}.",
            "hours": "Horas úteis contadas desde a mensagem do comprador: {hours}",
            "finding": "Encontrado na sua resposta: {kind}",
            "excerpt": "Texto encontrado: {text}, caracteres {start}-{end}",
            "excerpt_plain": "Texto encontrado: {text}",
            "raised": "Apresentado por: {who}",
            "escalation": "Motivo indicado: {reason}",
            "reason": "Motivo da intervenção: {reason}",
            "takeover_then": "A plataforma trata agora do comprador nesta conversa; as suas respostas deixam de ser "
            "entregues.",
            "violation_then": "O incumprimento fica no seu registo de vendedor.",
            "flag_then": "O seu registo de vendedor tem agora uma sinalização.",
            "charge_then": "Montante cobrado: {amount}.",
            "appeal_takeover": "A intervenção em si mantém-se, porque protege o comprador; pode recorrer do incumprimento, da sinalização ou dos custos que dela resultam, em cada caso até à data e com a referência indicadas na respetiva notificação.",
            "absence": "Ausência de {days} dias úteis, comunicada {notice} dias antes do início (eram necessários pelo menos {needed} dias).",
            "absence_one": "Ausência de {days} dias úteis, comunicada na véspera do início (eram necessários pelo menos {needed} dias).",
            "absence_none": "Ausência de {days} dias úteis, comunicada no próprio dia do início ou depois (eram necessários pelo menos {needed} dias).",
            "cost": "Custo cobrado: {cost}",
            "decided_upheld": "O seu recurso relativo a {ref} foi indeferido: a medida mantém-se.",
            "decided_violation": "O seu recurso relativo a {ref} foi deferido: o incumprimento deixa de contar no seu registo de vendedor.",
            "decided_flag": "O seu recurso relativo a {ref} foi deferido: a sinalização do seu registo de vendedor foi levantada.",
            "decided_charge": "O seu recurso relativo a {ref} foi deferido: {amount} são creditados de volta na sua conta de vendedor.",
            "decided_partly": "O seu recurso relativo a {ref} foi parcialmente deferido: {amount} são creditados de volta na sua conta de vendedor.",
            "decided_reason": "Motivo indicado pela plataforma: {note}",
            "decided_redress": "Se continuar a discordar, pode recorrer ao mediador indicado nas condições para vendedores.",
            "appeal": "Se não concordar, pode recorrer até {until} através da API do apoio ao cliente ou do portal "
            "de vendedores, indicando a referência {ref}.",
        },
        rules={
            "R1.4": "cada mensagem de um comprador deve receber uma resposta aceite no prazo de 24 horas úteis; caso "
            "contrário, a plataforma assume a conversa",
            "R1.7": "um prazo de resposta que já tinha passado quando a mensagem chegou ao apoio ao cliente conta de "
            "imediato como falhado",
            "R2.1": "as respostas não podem conter dados de contacto nem ligações fora da plataforma (e-mail, "
            "telefone, aplicações de mensagens, redes sociais, outros sites); uma segunda tentativa na mesma "
            "conversa é um incumprimento e a plataforma assume-a",
            "R2.2": "as respostas devem ser escritas para o comprador, e não enviadas por uma resposta automática "
            "nem copiadas sem alterações para muitas conversas",
            "R2.3": "as respostas devem ser escritas numa língua do mercado do comprador",
            "R2.4": "as respostas não podem estar vazias nem ser ofensivas",
            "R4.2": "uma ausência de mais de 5 dias úteis deve ser anunciada pelo menos 14 dias antes do seu início",
            "R4.4": "durante uma ausência, a plataforma assume as conversas cujo prazo de resposta termina",
            "R5.1": "a plataforma assume uma conversa em caso de prazo falhado, litígio, incumprimento das "
            "condições, ausência ou problema grave com o aparelho",
            "R5.2": "o comprador, a plataforma ou a sua equipa de apoio podem pedir a intervenção da plataforma, por "
            "exemplo num litígio sobre a qualidade, o anúncio ou as devoluções",
            "R5.3": "depois de assumir uma conversa, a plataforma trata do comprador e decide a solução",
            "R5.4": "um aparelho bloqueado, contrafeito ou inseguro é assumido de imediato, é proposta ao comprador "
            "a devolução com reembolso e o registo do vendedor é assinalado",
            "R5.6": "os custos de uma intervenção são cobrados ao vendedor: uma taxa de tratamento, a etiqueta de "
            "devolução, o reembolso quando a culpa é do vendedor e uma taxa para casos graves",
        },
        words={
            "reply_deadline_missed": "sem resposta dentro do prazo",
            "off_platform_contact": "dados de contacto fora da plataforma",
            "automated_reply": "resposta automática",
            "wrong_language": "resposta que não está na língua do comprador",
            "empty_reply": "resposta vazia",
            "abusive_language": "palavras indelicadas ou ofensivas",
            "late_absence_notice": "ausência anunciada tarde demais",
            "terms_violation": "incumprimento das condições para vendedores",
            "severe_violation": "aparelho bloqueado, contrafeito ou inseguro",
            "quality_dispute": "litígio sobre a qualidade do produto",
            "not_as_described": "produto não corresponde ao anúncio",
            "return_rights_denied": "devolução ou reclamação recusada ao comprador",
            "seller_absent": "vendedor ausente",
            "locked_device": "aparelho bloqueado (código, IMEI na lista negra, ID Apple ou conta Google)",
            "counterfeit": "produto contrafeito",
            "unsafe_product": "produto inseguro",
            "handling_fee": "taxa de gestão da intervenção",
            "return_label": "etiqueta de devolução pré-paga",
            "refund": "reembolso ao comprador",
            "severe_violation_fee": "taxa por infração grave",
        },
        raised_by={"buyer": "o comprador", "backend": "a plataforma", "ops": "a equipa de apoio da plataforma"},
        decimal=",",
        group=NBSP,
        quotes=("«", "»"),
    ),
    "sv": Catalog(
        messages={
            "takeover": "Den {when} tog plattformen över din konversation med köparen.",
            "violation": "Den {when} registrerades ett brott mot säljarvillkoren på ditt konto.",
            "flag": "Den {when} flaggades ditt säljarkonto.",
            "charge": "Den {when} debiterades kostnader på ditt säljarkonto.",
            "conversation": "Konversation: {thread_id}",
            "what": "Registrerat som: {what}",
            "rule": "Regel {rule} i säljarvillkoren: {words}.",
            "rule_unknown": "Detta grundar sig på regel {rule} i säljarvillkoren.",
            "due": "Ditt svar skulle ha kommit senast {due_at}.",
            "hours": "Arbetstimmar räknade från köparens meddelande: {hours}",
            "finding": "Hittat i ditt svar: {kind}",
            "excerpt": "Text som hittades: {text}, tecken {start}-{end}",
            "excerpt_plain": "Text som hittades: {text}",
            "raised": "Anmält av: {who}",
            "escalation": "Angivet skäl: {reason}",
            "reason": "Skäl till övertagandet: {reason}",
            "takeover_then": "Plattformen hanterar nu köparen i den här konversationen; dina svar levereras inte "
            "längre där.",
            "violation_then": "Överträdelsen finns kvar i din säljarhistorik.",
            "flag_then": "Ditt säljarkonto har nu en flagga.",
            "charge_then": "Debiterat belopp: {amount}.",
            "appeal_takeover": "Själva övertagandet står kvar, eftersom det skyddar köparen; du kan överklaga överträdelsen, flaggningen eller kostnaderna som följer av det, var och en senast det datum och med den referens som anges i respektive meddelande.",
            "absence": "Frånvaro på {days} arbetsdagar, anmäld {notice} dagar innan den började (minst {needed} dagar krävdes).",
            "absence_one": "Frånvaro på {days} arbetsdagar, anmäld dagen innan den började (minst {needed} dagar krävdes).",
            "absence_none": "Frånvaro på {days} arbetsdagar, anmäld samma dag som den började eller senare (minst {needed} dagar krävdes).",
            "cost": "Debiterad post: {cost}",
            "decided_upheld": "Ditt överklagande av {ref} har avslagits: beslutet står fast.",
            "decided_violation": "Ditt överklagande av {ref} har bifallits: överträdelsen räknas inte längre i din säljarhistorik.",
            "decided_flag": "Ditt överklagande av {ref} har bifallits: flaggningen av ditt säljarkonto har tagits bort.",
            "decided_charge": "Ditt överklagande av {ref} har bifallits: {amount} krediteras tillbaka till ditt säljarkonto.",
            "decided_partly": "Ditt överklagande av {ref} har delvis bifallits: {amount} krediteras tillbaka till ditt säljarkonto.",
            "decided_reason": "Plattformens motivering: {note}",
            "decided_redress": "Om du fortfarande inte håller med kan du vända dig till den medlare som anges i säljarvillkoren.",
            "appeal": "Om du inte håller med kan du överklaga till och med {until} via helpdeskens API eller "
            "säljarportalen och ange referensen {ref}.",
        },
        rules={
            "R1.4": "varje meddelande från en köpare ska få ett godkänt svar inom 24 arbetstimmar; annars tar "
            "plattformen över konversationen",
            "R1.7": "en svarsfrist som redan hade gått ut när meddelandet nådde helpdesken räknas genast som missad",
            "R2.1": "svar får inte innehålla kontaktuppgifter eller länkar utanför plattformen (e-post, telefon, "
            "meddelandeappar, sociala medier, andra webbplatser); ett andra försök i samma konversation är ett brott "
            "mot villkoren och plattformen tar över den",
            "R2.2": "svar ska vara skrivna till köparen, inte skickade av en autosvarare eller kopierade oförändrade "
            "till många konversationer",
            "R2.3": "svar ska vara skrivna på ett av språken på köparens marknad",
            "R2.4": "svar får inte vara tomma eller kränkande",
            "R4.2": "en frånvaro på mer än 5 arbetsdagar ska anmälas minst 14 dagar innan den börjar",
            "R4.4": "under en frånvaro tar plattformen över konversationer vars svarsfrist går ut",
            "R5.1": "plattformen tar över en konversation vid missad frist, tvist, brott mot villkoren, frånvaro "
            "eller ett allvarligt problem med enheten",
            "R5.2": "köparen, plattformen eller dess supportteam kan be plattformen att ingripa, till exempel vid en "
            "tvist om kvalitet, annons eller retur",
            "R5.3": "när plattformen har tagit över en konversation hanterar den köparen och beslutar om lösningen",
            "R5.4": "en låst, förfalskad eller osäker enhet tas över direkt, köparen erbjuds retur med återbetalning "
            "och säljarkontot flaggas",
            "R5.6": "kostnaderna för ett övertagande debiteras säljaren: en hanteringsavgift, returetiketten, "
            "återbetalningen när säljaren bär skulden och en avgift för allvarliga fall",
        },
        words={
            "reply_deadline_missed": "inget svar i tid",
            "off_platform_contact": "kontaktuppgifter utanför plattformen",
            "automated_reply": "automatiskt svar",
            "wrong_language": "svar som inte är på köparens språk",
            "empty_reply": "tomt svar",
            "abusive_language": "oartiga eller kränkande ord",
            "late_absence_notice": "frånvaro anmäld för sent",
            "terms_violation": "brott mot säljarvillkoren",
            "severe_violation": "låst, förfalskad eller osäker enhet",
            "quality_dispute": "tvist om produktens kvalitet",
            "not_as_described": "produkten stämmer inte med annonsen",
            "return_rights_denied": "retur eller reklamation nekad köparen",
            "seller_absent": "säljaren frånvarande",
            "locked_device": "låst enhet (lösenkod, svartlistat IMEI, Apple-ID eller Google-konto)",
            "counterfeit": "förfalskad produkt",
            "unsafe_product": "osäker produkt",
            "handling_fee": "hanteringsavgift för övertagandet",
            "return_label": "förbetald returetikett",
            "refund": "återbetalning till köparen",
            "severe_violation_fee": "avgift för allvarlig överträdelse",
        },
        raised_by={"buyer": "köparen", "backend": "plattformen", "ops": "plattformens supportteam"},
        decimal=",",
        group=NBSP,
        quotes=("\u201d", "\u201d"),
    ),
    "fi": Catalog(
        messages={
            "takeover": "Alusta otti keskustelusi ostajan kanssa hoitoonsa {when}.",
            "violation": "Tilillesi kirjattiin myyjäehtojen rikkomus {when}.",
            "flag": "Myyjätilillesi tehtiin merkintä {when}.",
            "charge": "Myyjätililtäsi veloitettiin kuluja {when}.",
            "conversation": "Keskustelu: {thread_id}",
            "what": "Kirjattu syy: {what}",
            "rule": "Myyjäehtojen sääntö {rule}: {words}.",
            "rule_unknown": "Tämä perustuu myyjäehtojen sääntöön {rule}.",
            "due": "Vastauksesi olisi pitänyt antaa viimeistään {due_at}.",
            "hours": "Ostajan viestistä laskettuja työtunteja: {hours}",
            "finding": "Vastauksestasi löytyi: {kind}",
            "excerpt": "Löydetty teksti: {text}, merkit {start}-{end}",
            "excerpt_plain": "Löydetty teksti: {text}",
            "raised": "Ilmoittaja: {who}",
            "escalation": "Ilmoitettu syy: {reason}",
            "reason": "Siirron syy: {reason}",
            "takeover_then": "Alusta hoitaa nyt ostajan asiaa tässä keskustelussa; vastauksiasi ei enää toimiteta "
            "sinne.",
            "violation_then": "Rikkomus jää myyjätietoihisi.",
            "flag_then": "Myyjätililläsi on nyt merkintä.",
            "charge_then": "Veloitettu summa: {amount}.",
            "appeal_takeover": "Keskustelun siirto alustalle pysyy voimassa, koska se suojaa ostajaa; voit hakea muutosta sen seurauksena kirjattuun rikkomukseen, merkintään tai kuluihin, kuhunkin oman ilmoituksensa määräpäivään mennessä ja sen viitteellä.",
            "absence": "{days} työpäivän poissaolo ilmoitettiin {notice} päivää ennen sen alkua (vaadittiin vähintään {needed} päivää).",
            "absence_one": "{days} työpäivän poissaolo ilmoitettiin päivää ennen sen alkua (vaadittiin vähintään {needed} päivää).",
            "absence_none": "{days} työpäivän poissaolo ilmoitettiin vasta sen alkamispäivänä tai myöhemmin (vaadittiin vähintään {needed} päivää).",
            "cost": "Veloitettu erä: {cost}",
            "decided_upheld": "Muutoksenhakusi koskien viitettä {ref} hylättiin: päätös pysyy voimassa.",
            "decided_violation": "Muutoksenhakusi koskien viitettä {ref} hyväksyttiin: rikkomusta ei enää lasketa myyjätietoihisi.",
            "decided_flag": "Muutoksenhakusi koskien viitettä {ref} hyväksyttiin: myyjätilisi merkintä on poistettu.",
            "decided_charge": "Muutoksenhakusi koskien viitettä {ref} hyväksyttiin: {amount} hyvitetään takaisin myyjätilillesi.",
            "decided_partly": "Muutoksenhakusi koskien viitettä {ref} hyväksyttiin osittain: {amount} hyvitetään takaisin myyjätilillesi.",
            "decided_reason": "Alustan perustelu: {note}",
            "decided_redress": "Jos olet edelleen eri mieltä, voit kääntyä myyjäehdoissa nimetyn sovittelijan puoleen.",
            "appeal": "Jos olet eri mieltä, voit hakea muutosta {until} asti helpdeskin API:n tai myyjäportaalin "
            "kautta. Mainitse viite {ref}.",
        },
        rules={
            "R1.4": "ostajan jokaiseen viestiin on annettava hyväksytty vastaus 24 työtunnin kuluessa; muuten alusta "
            "ottaa keskustelun hoitoonsa",
            "R1.7": "vastausaika, joka oli jo umpeutunut viestin saapuessa helpdeskiin, katsotaan heti ylitetyksi",
            "R2.1": "vastauksissa ei saa olla yhteystietoja tai linkkejä alustan ulkopuolelle (sähköposti, puhelin, "
            "pikaviestimet, sosiaalinen media, muut verkkosivut); toinen yritys samassa keskustelussa on ehtojen "
            "rikkomus, ja alusta ottaa keskustelun hoitoonsa",
            "R2.2": "vastausten on oltava ostajalle kirjoitettuja, ei automaattisen vastaajan lähettämiä eikä "
            "muuttamattomina moniin keskusteluihin kopioituja",
            "R2.3": "vastaukset on kirjoitettava jollakin ostajan markkina-alueen kielistä",
            "R2.4": "vastaukset eivät saa olla tyhjiä eivätkä loukkaavia",
            "R4.2": "yli 5 työpäivän poissaolo on ilmoitettava vähintään 14 päivää ennen sen alkua",
            "R4.4": "poissaolon aikana alusta ottaa hoitoonsa keskustelut, joiden vastausaika umpeutuu",
            "R5.1": "alusta ottaa keskustelun hoitoonsa, kun määräaika ylittyy, syntyy erimielisyys, ehtoja "
            "rikotaan, myyjä on poissa tai laitteessa on vakava ongelma",
            "R5.2": "ostaja, alusta tai sen tukitiimi voi pyytää alustaa puuttumaan asiaan esimerkiksi laatua, "
            "ilmoitusta tai palautusta koskevassa erimielisyydessä",
            "R5.3": "kun alusta on ottanut keskustelun hoitoonsa, se hoitaa ostajan asian ja päättää ratkaisusta",
            "R5.4": "lukittu, väärennetty tai vaarallinen laite otetaan heti alustan hoitoon, ostajalle tarjotaan "
            "palautusta ja hyvitystä, ja myyjätiliin tehdään merkintä",
            "R5.6": "keskustelun siirrosta aiheutuvat kulut veloitetaan myyjältä: käsittelymaksu, palautustarra, "
            "hyvitys silloin, kun vika on myyjän, sekä maksu vakavista tapauksista",
        },
        words={
            "reply_deadline_missed": "ei vastausta määräajassa",
            "off_platform_contact": "yhteystietoja alustan ulkopuolelle",
            "automated_reply": "automaattinen vastaus",
            "wrong_language": "vastaus ei ole ostajan kielellä",
            "empty_reply": "tyhjä vastaus",
            "abusive_language": "epäkohteliaita tai loukkaavia sanoja",
            "late_absence_notice": "poissaolo ilmoitettu liian myöhään",
            "terms_violation": "myyjäehtojen rikkomus",
            "severe_violation": "lukittu, väärennetty tai vaarallinen laite",
            "quality_dispute": "erimielisyys tuotteen laadusta",
            "not_as_described": "tuote ei vastaa ilmoitusta",
            "return_rights_denied": "ostajalta evätty palautus tai reklamaatio",
            "seller_absent": "myyjä poissa",
            "locked_device": "lukittu laite (pääsykoodi, mustalla listalla oleva IMEI, Apple ID tai Google-tili)",
            "counterfeit": "väärennetty tuote",
            "unsafe_product": "vaarallinen tuote",
            "handling_fee": "käsittelymaksu keskustelun siirrosta",
            "return_label": "valmiiksi maksettu palautustarra",
            "refund": "hyvitys ostajalle",
            "severe_violation_fee": "maksu vakavasta rikkomuksesta",
        },
        raised_by={"buyer": "ostaja", "backend": "alusta", "ops": "alustan tukitiimi"},
        decimal=",",
        group=NBSP,
        quotes=("\u201d", "\u201d"),
    ),
    "el": Catalog(
        messages={
            "takeover": "Στις {when}, η πλατφόρμα ανέλαβε τη συνομιλία σας με τον αγοραστή.",
            "violation": "Στις {when}, καταγράφηκε στον λογαριασμό σας παράβαση των όρων πωλητών.",
            "flag": "Στις {when}, ο φάκελος πωλητή σας επισημάνθηκε.",
            "charge": "Στις {when}, χρεώθηκαν έξοδα στον λογαριασμό πωλητή σας.",
            "conversation": "Συνομιλία: {thread_id}",
            "what": "Καταγράφηκε ως: {what}",
            "rule": "Κανόνας {rule} των όρων πωλητών: {words}.",
            "rule_unknown": "Αυτό βασίζεται στον κανόνα {rule} των όρων πωλητών.",
            "due": "Η απάντησή σας έπρεπε να δοθεί έως τις {due_at}.",
            "hours": "Εργάσιμες ώρες που μετρήθηκαν από το μήνυμα του αγοραστή: {hours}",
            "finding": "Βρέθηκε στην απάντησή σας: {kind}",
            "excerpt": "Κείμενο που βρέθηκε: {text}, χαρακτήρες {start}-{end}",
            "excerpt_plain": "Κείμενο που βρέθηκε: {text}",
            "raised": "Υποβλήθηκε από: {who}",
            "escalation": "Αιτία που δηλώθηκε: {reason}",
            "reason": "Αιτία της ανάληψης: {reason}",
            "takeover_then": "Η πλατφόρμα εξυπηρετεί πλέον τον αγοραστή σε αυτή τη συνομιλία· οι απαντήσεις σας δεν "
            "παραδίδονται πια εκεί.",
            "violation_then": "Η παράβαση παραμένει καταγεγραμμένη στον φάκελο πωλητή σας.",
            "flag_then": "Ο φάκελος πωλητή σας φέρει πλέον επισήμανση.",
            "charge_then": "Ποσό χρέωσης: {amount}.",
            "appeal_takeover": "Η ανάληψη καθαυτή παραμένει, επειδή προστατεύει τον αγοραστή· μπορείτε να υποβάλετε ένσταση κατά της παράβασης, της επισήμανσης ή των χρεώσεων που επιφέρει, καθεμία έως την ημερομηνία και με τον κωδικό της αντίστοιχης ειδοποίησης.",
            "absence": "Απουσία {days} εργάσιμων ημερών, δηλωμένη {notice} ημέρες πριν από την έναρξή της (απαιτούνταν τουλάχιστον {needed} ημέρες).",
            "absence_one": "Απουσία {days} εργάσιμων ημερών, δηλωμένη μία ημέρα πριν από την έναρξή της (απαιτούνταν τουλάχιστον {needed} ημέρες).",
            "absence_none": "Απουσία {days} εργάσιμων ημερών, δηλωμένη την ημέρα έναρξής της ή αργότερα (απαιτούνταν τουλάχιστον {needed} ημέρες).",
            "cost": "Χρεωμένο στοιχείο: {cost}",
            "decided_upheld": "Η ένστασή σας για το {ref} απορρίφθηκε: το μέτρο παραμένει.",
            "decided_violation": "Η ένστασή σας για το {ref} έγινε δεκτή: η παράβαση δεν προσμετράται πλέον στον φάκελο πωλητή σας.",
            "decided_flag": "Η ένστασή σας για το {ref} έγινε δεκτή: η επισήμανση του φακέλου πωλητή σας αίρεται.",
            "decided_charge": "Η ένστασή σας για το {ref} έγινε δεκτή: ποσό {amount} πιστώνεται ξανά στον λογαριασμό πωλητή σας.",
            "decided_partly": "Η ένστασή σας για το {ref} έγινε εν μέρει δεκτή: ποσό {amount} πιστώνεται ξανά στον λογαριασμό πωλητή σας.",
            "decided_reason": "Αιτιολογία της πλατφόρμας: {note}",
            "decided_redress": "Αν εξακολουθείτε να διαφωνείτε, μπορείτε να απευθυνθείτε στον διαμεσολαβητή που ορίζεται στους όρους πωλητή.",
            "appeal": "Αν διαφωνείτε, μπορείτε να υποβάλετε ένσταση έως τις {until} μέσω του API του helpdesk ή της "
            "πύλης πωλητών, αναφέροντας τον κωδικό αναφοράς {ref}.",
        },
        rules={
            "R1.4": "κάθε μήνυμα αγοραστή πρέπει να λάβει αποδεκτή απάντηση μέσα σε 24 εργάσιμες ώρες· διαφορετικά "
            "η πλατφόρμα αναλαμβάνει τη συνομιλία",
            "R1.7": "μια προθεσμία απάντησης που είχε ήδη λήξει όταν το μήνυμα έφτασε στο helpdesk θεωρείται αμέσως "
            "ότι χάθηκε",
            "R2.1": "οι απαντήσεις δεν επιτρέπεται να περιέχουν στοιχεία επικοινωνίας ή συνδέσμους εκτός πλατφόρμας "
            "(email, τηλέφωνο, εφαρμογές μηνυμάτων, μέσα κοινωνικής δικτύωσης, άλλους ιστότοπους)· μια δεύτερη "
            "απόπειρα στην ίδια συνομιλία είναι παράβαση και η πλατφόρμα την αναλαμβάνει",
            "R2.2": "οι απαντήσεις πρέπει να γράφονται για τον αγοραστή, όχι να αποστέλλονται από αυτόματο απαντητή "
            "ή να αντιγράφονται αυτούσιες σε πολλές συνομιλίες",
            "R2.3": "οι απαντήσεις πρέπει να είναι γραμμένες σε μια γλώσσα της αγοράς του αγοραστή",
            "R2.4": "οι απαντήσεις δεν επιτρέπεται να είναι κενές ή προσβλητικές",
            "R4.2": "μια απουσία άνω των 5 εργάσιμων ημερών πρέπει να δηλώνεται τουλάχιστον 14 ημέρες πριν από την "
            "έναρξή της",
            "R4.4": "κατά τη διάρκεια μιας απουσίας, η πλατφόρμα αναλαμβάνει τις συνομιλίες των οποίων η προθεσμία "
            "απάντησης λήγει",
            "R5.1": "η πλατφόρμα αναλαμβάνει μια συνομιλία σε περίπτωση χαμένης προθεσμίας, διαφοράς, παράβασης των "
            "όρων, απουσίας ή σοβαρού προβλήματος με τη συσκευή",
            "R5.2": "ο αγοραστής, η πλατφόρμα ή η ομάδα υποστήριξής της μπορούν να ζητήσουν την παρέμβαση της "
            "πλατφόρμας, για παράδειγμα σε διαφορά για την ποιότητα, την αγγελία ή τις επιστροφές",
            "R5.3": "αφού η πλατφόρμα αναλάβει μια συνομιλία, εξυπηρετεί τον αγοραστή και αποφασίζει τη λύση",
            "R5.4": "μια κλειδωμένη, πλαστή ή μη ασφαλής συσκευή αναλαμβάνεται αμέσως, προτείνεται στον αγοραστή "
            "επιστροφή του προϊόντος με επιστροφή χρημάτων και ο φάκελος του πωλητή επισημαίνεται",
            "R5.6": "τα έξοδα μιας ανάληψης χρεώνονται στον πωλητή: τέλος διαχείρισης, η ετικέτα επιστροφής, η "
            "επιστροφή χρημάτων όταν φταίει ο πωλητής και ένα τέλος για σοβαρές περιπτώσεις",
        },
        words={
            "reply_deadline_missed": "καμία απάντηση εντός της προθεσμίας",
            "off_platform_contact": "στοιχεία επικοινωνίας εκτός πλατφόρμας",
            "automated_reply": "αυτόματη απάντηση",
            "wrong_language": "απάντηση που δεν είναι στη γλώσσα του αγοραστή",
            "empty_reply": "κενή απάντηση",
            "abusive_language": "αγενείς ή προσβλητικές λέξεις",
            "late_absence_notice": "απουσία που δηλώθηκε πολύ αργά",
            "terms_violation": "παράβαση των όρων πωλητών",
            "severe_violation": "κλειδωμένη, πλαστή ή μη ασφαλής συσκευή",
            "quality_dispute": "διαφορά για την ποιότητα του προϊόντος",
            "not_as_described": "το προϊόν δεν αντιστοιχεί στην αγγελία",
            "return_rights_denied": "άρνηση επιστροφής ή παραπόνου του αγοραστή",
            "seller_absent": "απουσία πωλητή",
            "locked_device": "κλειδωμένη συσκευή (κωδικός, IMEI σε μαύρη λίστα, Apple ID ή λογαριασμός Google)",
            "counterfeit": "πλαστό προϊόν",
            "unsafe_product": "μη ασφαλές προϊόν",
            "handling_fee": "τέλος διαχείρισης της ανάληψης",
            "return_label": "προπληρωμένη ετικέτα επιστροφής",
            "refund": "επιστροφή χρημάτων στον αγοραστή",
            "severe_violation_fee": "τέλος σοβαρής παράβασης",
        },
        raised_by={
            "buyer": "ο αγοραστής",
            "backend": "η πλατφόρμα",
            "ops": "η ομάδα υποστήριξης της πλατφόρμας",
        },
        decimal=",",
        group=".",
        quotes=("«", "»"),
    ),
    "pl": Catalog(
        messages={
            "takeover": "Dnia {when} platforma przejęła Twoją rozmowę z kupującym.",
            "violation": "Dnia {when} na Twoim koncie odnotowano naruszenie warunków dla sprzedawców.",
            "flag": "Dnia {when} Twoje konto sprzedawcy zostało oznaczone.",
            "charge": "Dnia {when} Twoje konto sprzedawcy obciążono kosztami.",
            "conversation": "Rozmowa: {thread_id}",
            "what": "Odnotowano jako: {what}",
            "rule": "Zasada {rule} warunków dla sprzedawców: {words}.",
            "rule_unknown": "Podstawą jest zasada {rule} warunków dla sprzedawców.",
            "due": "Termin na Twoją odpowiedź upłynął {due_at}.",
            "hours": "Godziny robocze liczone od wiadomości kupującego: {hours}",
            "finding": "Znaleziono w Twojej odpowiedzi: {kind}",
            "excerpt": "Znaleziony tekst: {text}, znaki {start}-{end}",
            "excerpt_plain": "Znaleziony tekst: {text}",
            "raised": "Zgłaszający: {who}",
            "escalation": "Podany powód: {reason}",
            "reason": "Powód przejęcia: {reason}",
            "takeover_then": "Platforma obsługuje teraz kupującego w tej rozmowie; Twoje odpowiedzi nie są już tam "
            "dostarczane.",
            "violation_then": "Naruszenie pozostaje w historii Twojego konta sprzedawcy.",
            "flag_then": "Twoje konto sprzedawcy ma teraz oznaczenie.",
            "charge_then": "Obciążona kwota: {amount}.",
            "appeal_takeover": "Samo przejęcie pozostaje w mocy, ponieważ chroni kupującego; możesz odwołać się od naruszenia, oznaczenia lub kosztów, które z niego wynikają, w każdym przypadku do dnia i z numerem referencyjnym podanymi w odpowiednim zawiadomieniu.",
            "absence": "Nieobecność zgłoszona z {notice}-dniowym wyprzedzeniem (wymagano co najmniej {needed} dni); liczba dni roboczych nieobecności: {days}.",
            "absence_one": "Nieobecność zgłoszona z jednodniowym wyprzedzeniem (wymagano co najmniej {needed} dni); liczba dni roboczych nieobecności: {days}.",
            "absence_none": "Nieobecność zgłoszona dopiero w dniu jej rozpoczęcia lub później (wymagano co najmniej {needed} dni); liczba dni roboczych nieobecności: {days}.",
            "cost": "Naliczona pozycja: {cost}",
            "decided_upheld": "Twoje odwołanie od {ref} zostało oddalone: decyzja pozostaje w mocy.",
            "decided_violation": "Twoje odwołanie od {ref} zostało uwzględnione: naruszenie nie jest już liczone w historii Twojego konta sprzedawcy.",
            "decided_flag": "Twoje odwołanie od {ref} zostało uwzględnione: oznaczenie Twojego konta sprzedawcy zostało zdjęte.",
            "decided_charge": "Twoje odwołanie od {ref} zostało uwzględnione: kwota {amount} zostanie zwrócona na Twoje konto sprzedawcy.",
            "decided_partly": "Twoje odwołanie od {ref} zostało częściowo uwzględnione: kwota {amount} zostanie zwrócona na Twoje konto sprzedawcy.",
            "decided_reason": "Uzasadnienie platformy: {note}",
            "decided_redress": "Jeśli nadal się nie zgadzasz, możesz zwrócić się do mediatora wskazanego w warunkach dla sprzedawców.",
            "appeal": "Jeśli się nie zgadzasz, możesz złożyć odwołanie do {until} przez API helpdesku lub portal "
            "sprzedawcy, podając numer referencyjny {ref}.",
        },
        rules={
            "R1.4": "każda wiadomość kupującego musi otrzymać zaakceptowaną odpowiedź w ciągu 24 godzin roboczych; w "
            "przeciwnym razie platforma przejmuje rozmowę",
            "R1.7": "termin odpowiedzi, który minął już w chwili dotarcia wiadomości do helpdesku, uznaje się od razu "
            "za przekroczony",
            "R2.1": "odpowiedzi nie mogą zawierać danych kontaktowych ani linków poza platformą (e-mail, telefon, "
            "komunikatory, media społecznościowe, inne strony); druga próba w tej samej rozmowie jest naruszeniem i "
            "platforma ją przejmuje",
            "R2.2": "odpowiedzi muszą być pisane do kupującego, a nie wysyłane przez autoresponder ani kopiowane bez "
            "zmian do wielu rozmów",
            "R2.3": "odpowiedzi muszą być napisane w jednym z języków rynku kupującego",
            "R2.4": "odpowiedzi nie mogą być puste ani obraźliwe",
            "R4.2": "nieobecność dłuższą niż 5 dni roboczych trzeba zgłosić co najmniej 14 dni przed jej rozpoczęciem",
            "R4.4": "w czasie nieobecności platforma przejmuje rozmowy, w których upływa termin odpowiedzi",
            "R5.1": "platforma przejmuje rozmowę w razie przekroczenia terminu, sporu, naruszenia warunków, "
            "nieobecności lub poważnego problemu z urządzeniem",
            "R5.2": "kupujący, platforma lub jej zespół wsparcia mogą poprosić platformę o interwencję, na przykład "
            "w sporze o jakość, ofertę lub zwrot",
            "R5.3": "po przejęciu rozmowy platforma obsługuje kupującego i decyduje o rozwiązaniu",
            "R5.4": "zablokowane, podrobione lub niebezpieczne urządzenie jest przejmowane od razu, kupującemu "
            "proponuje się zwrot z refundacją, a konto sprzedawcy zostaje oznaczone",
            "R5.6": "kosztami przejęcia obciąża się sprzedawcę: opłata manipulacyjna, etykieta zwrotna, refundacja, "
            "gdy winę ponosi sprzedawca, oraz opłata za poważne przypadki",
        },
        words={
            "reply_deadline_missed": "brak odpowiedzi w terminie",
            "off_platform_contact": "dane kontaktowe poza platformą",
            "automated_reply": "automatyczna odpowiedź",
            "wrong_language": "odpowiedź nie w języku kupującego",
            "empty_reply": "pusta odpowiedź",
            "abusive_language": "niegrzeczne lub obraźliwe słowa",
            "late_absence_notice": "nieobecność zgłoszona za późno",
            "terms_violation": "naruszenie warunków dla sprzedawców",
            "severe_violation": "zablokowane, podrobione lub niebezpieczne urządzenie",
            "quality_dispute": "spór o jakość produktu",
            "not_as_described": "produkt niezgodny z ofertą",
            "return_rights_denied": "odmowa zwrotu lub reklamacji kupującemu",
            "seller_absent": "nieobecność sprzedawcy",
            "locked_device": "zablokowane urządzenie (kod, IMEI na czarnej liście, Apple ID lub konto Google)",
            "counterfeit": "podrobiony produkt",
            "unsafe_product": "niebezpieczny produkt",
            "handling_fee": "opłata za obsługę przejęcia",
            "return_label": "przedpłacona etykieta zwrotna",
            "refund": "zwrot pieniędzy kupującemu",
            "severe_violation_fee": "opłata za poważne naruszenie",
        },
        raised_by={"buyer": "kupujący", "backend": "platforma", "ops": "zespół wsparcia platformy"},
        decimal=",",
        group=NBSP,
        quotes=("\u201e", "\u201d"),
    ),
}


def written_in(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a market's statements are written in: those of its languages a catalog exists
    for, in the market's order; English for a configured market with none of them."""
    return tuple(language for language in languages if language in CATALOGS) or ("en",)


def catalog(language: str) -> Catalog:
    """The words of ``language``, or ``ValueError`` naming the field and listing the 11."""
    found = CATALOGS.get(language.strip().lower()) if isinstance(language, str) else None
    if found is None:
        raise ValueError(f"language {language!r} is not supported; language must be one of: {', '.join(LANGUAGES)}")
    return found


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"timezone {timezone!r} is not a known time zone") from exc


def local_time(instant: datetime, zone: ZoneInfo) -> str:
    """``2026-12-07 09:00 CET (UTC+01:00)``: the instant on the market's clock, with the zone's
    abbreviation where it has a lettered one, and its offset."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"instant {instant.isoformat()} has no time zone; a statement needs aware instants")
    local = instant.astimezone(zone)
    raw = local.strftime("%z")  # +0100
    offset = f"UTC{raw[:3]}:{raw[3:5]}"
    abbreviation = local.tzname() or ""
    clock = local.strftime("%Y-%m-%d %H:%M")
    if abbreviation.isalpha() and abbreviation != "UTC":
        return f"{clock} {abbreviation} ({offset})"
    return f"{clock} {offset}"


def _number(text: str, words: Catalog) -> str:
    """A number formatted ``1,234.50`` in the language's separators."""
    return text.translate(str.maketrans(",.", words.group + words.decimal))


def money(amount: Decimal, currency: str, words: Catalog) -> str:
    """``23,00 EUR``: two decimals, grouped thousands, in the language's separators, then the code."""
    return f"{_number(f'{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}', words)} {currency}"


def hours(value: float, words: Catalog) -> str:
    """``24``, ``23,5``: working hours to the hundredth, trailing zeros dropped."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return _number(text, words)


def rule_sentence(rule: str, words: Catalog) -> str:
    described = words.rules.get(rule)
    if described is None:
        return words.messages["rule_unknown"].format(rule=rule)
    return words.messages["rule"].format(rule=rule, words=described)


def _word(code: str, words: Catalog) -> str:
    return words.words.get(str(code), str(code).replace("_", " "))


def render_decision(
    sanction_id: str,
    sanction_kind: str,
    outcome: str,
    note: str,
    credit: tuple[Decimal, str] | None,
    language: str,
) -> str:
    """An appeal's decision told to the seller in ``language``: the outcome and what it reverses,
    ops' reason (in the words they wrote it in), and where to turn if the seller still disagrees."""
    words = catalog(language)
    say = words.messages
    if outcome not in DECISIONS:
        raise ValueError(f"outcome {outcome!r} must be one of: {', '.join(sorted(DECISIONS))}")
    amount = money(credit[0], credit[1], words) if credit is not None else ""
    if outcome == "upheld":
        key = "decided_upheld"
    elif outcome == "partly_overturned":
        key = "decided_partly"
    else:
        key = {"violation": "decided_violation", "flag": "decided_flag", "charge": "decided_charge"}.get(
            str(sanction_kind), "decided_violation"
        )
    lines = [say[key].format(ref=sanction_id, amount=amount)]
    if note:
        lines.append(say["decided_reason"].format(note=note))
    if outcome != "overturned":
        lines.append(say["decided_redress"])
    return "\n".join(lines)


def render_statement(statement: StatementView, language: str, timezone: str) -> str:
    """The statement of reasons for one sanction, in ``language``, its instants in ``timezone``.

    A few short lines: what happened and when, the thread, the rule in plain words with its id,
    the facts, the consequence, and until when and how to appeal. Deterministic: the same
    statement renders the same text. Raises ``ValueError`` for a language not in ``LANGUAGES``, a
    time zone ``zoneinfo`` does not know, or an instant without a time zone.
    """
    words = catalog(language)
    zone = _zone(timezone)
    say = words.messages
    kind = str(statement.sanction_kind)
    if kind not in ("takeover", "violation", "flag", "charge"):
        raise ValueError(f"sanction_kind {kind!r} must be one of: takeover, violation, flag, charge")
    facts = statement.facts
    lines = [say[kind].format(when=local_time(statement.occurred_at, zone))]
    if statement.thread_id:
        lines.append(say["conversation"].format(thread_id=statement.thread_id))
    if statement.violation_kind:
        lines.append(say["what"].format(what=_word(statement.violation_kind, words)))
    lines.append(rule_sentence(statement.rule, words))
    if facts.due_at is not None:
        lines.append(say["due"].format(due_at=local_time(facts.due_at, zone)))
    if facts.working_hours is not None:
        lines.append(say["hours"].format(hours=hours(facts.working_hours, words)))
    if facts.finding_kind:
        lines.append(say["finding"].format(kind=_word(facts.finding_kind, words)))
    if facts.finding_text:
        quoted = f"{words.quotes[0]}{facts.finding_text}{words.quotes[1]}"
        if facts.finding_start is not None and facts.finding_end is not None:
            lines.append(say["excerpt"].format(text=quoted, start=facts.finding_start, end=facts.finding_end))
        else:
            lines.append(say["excerpt_plain"].format(text=quoted))
    if facts.raised_by:
        lines.append(say["raised"].format(who=words.raised_by.get(str(facts.raised_by), str(facts.raised_by))))
    if facts.escalation_reason:
        lines.append(say["escalation"].format(reason=_word(facts.escalation_reason, words)))
    if facts.takeover_reason and facts.takeover_reason != facts.escalation_reason:
        lines.append(say["reason"].format(reason=_word(facts.takeover_reason, words)))
    if facts.absence_working_days is not None and facts.notice_days is not None:
        notice = facts.notice_days
        absence = "absence_none" if notice <= 0 else "absence_one" if notice == 1 else "absence"
        needed = facts.notice_days_needed or NOTICE_DAYS_NEEDED
        lines.append(say[absence].format(days=facts.absence_working_days, notice=notice, needed=needed))
    if facts.cost_kind:
        lines.append(say["cost"].format(cost=_word(facts.cost_kind, words)))
    if kind != "charge":
        lines.append(say[f"{kind}_then"])
    elif facts.amount is not None and facts.currency:
        lines.append(say["charge_then"].format(amount=money(facts.amount, facts.currency, words)))
    appeal = "appeal_takeover" if kind == "takeover" else "appeal"
    lines.append(say[appeal].format(until=local_time(statement.appeal_until, zone), ref=statement.sanction_id))
    return "\n".join(lines)
