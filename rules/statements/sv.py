"""The Swedish words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import NBSP, Catalog

CATALOG = Catalog(
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
)
