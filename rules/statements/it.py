"""The Italian words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import Catalog

CATALOG = Catalog(
    messages={
        "takeover": "Il {when} la piattaforma ha preso in carico la sua conversazione con l'acquirente.",
        "violation": "Il {when} è stata registrata sul suo account una violazione delle condizioni per i venditori.",
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
        "R4.2": "un'assenza di più di 5 giorni lavorativi deve essere comunicata almeno 14 giorni prima del suo inizio",
        "R4.4": "durante un'assenza, la piattaforma prende in carico le conversazioni il cui termine di risposta scade",
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
)
