"""The Dutch words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import Catalog

CATALOG = Catalog(
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
        "R5.3": "zodra het platform een gesprek heeft overgenomen, helpt het de koper en beslist het over de oplossing",
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
)
