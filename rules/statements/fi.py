"""The Finnish words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import NBSP, Catalog

CATALOG = Catalog(
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
        "takeover_then": "Alusta hoitaa nyt ostajan asiaa tässä keskustelussa; vastauksiasi ei enää toimiteta sinne.",
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
)
