"""The Portuguese words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import NBSP, Catalog

CATALOG = Catalog(
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
)
