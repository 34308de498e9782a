"""The typed search attributes ops filter threads by in the Temporal UI (DESIGN.md).

One registry list, used by workflows to upsert, by ``make run`` to register them on the dev
server and by tests to register them on the time-skipping server: a search attribute the server
does not know makes a workflow task retry forever, so nothing may name one that is not here.
No personal data goes in them: search attributes are never encrypted.
"""

from __future__ import annotations

from typing import Any

from temporalio.common import SearchAttributeIndexedValueType, SearchAttributeKey

SELLER_ID = SearchAttributeKey.for_keyword("SellerId")
MARKET = SearchAttributeKey.for_keyword("Market")
THREAD_STATE = SearchAttributeKey.for_keyword("ThreadState")
REPLY_DUE_AT = SearchAttributeKey.for_datetime("ReplyDueAt")
TAKEOVER_REASON = SearchAttributeKey.for_keyword("TakeoverReason")
ORDER_ID = SearchAttributeKey.for_keyword("OrderId")
CASE_STAGE = SearchAttributeKey.for_keyword("CaseStage")
ABSENCE_STATE = SearchAttributeKey.for_keyword("AbsenceState")
APPEAL_STATE = SearchAttributeKey.for_keyword("AppealState")

ALL_SEARCH_ATTRIBUTES: tuple[SearchAttributeKey[Any], ...] = (
    SELLER_ID,
    MARKET,
    THREAD_STATE,
    REPLY_DUE_AT,
    TAKEOVER_REASON,
    ORDER_ID,
    CASE_STAGE,
    ABSENCE_STATE,
    APPEAL_STATE,
)

# The names the `temporal` CLI and the compose file use for each value type.
CLI_TYPE_NAMES: dict[SearchAttributeIndexedValueType, str] = {
    SearchAttributeIndexedValueType.KEYWORD: "Keyword",
    SearchAttributeIndexedValueType.TEXT: "Text",
    SearchAttributeIndexedValueType.DATETIME: "Datetime",
    SearchAttributeIndexedValueType.INT: "Int",
    SearchAttributeIndexedValueType.DOUBLE: "Double",
    SearchAttributeIndexedValueType.BOOL: "Bool",
    SearchAttributeIndexedValueType.KEYWORD_LIST: "KeywordList",
}


def cli_flags() -> list[str]:
    """``--search-attribute Name=Type`` pairs for ``temporal server start-dev``."""
    flags: list[str] = []
    for key in ALL_SEARCH_ATTRIBUTES:
        flags += ["--search-attribute", f"{key.name}={CLI_TYPE_NAMES[key.indexed_value_type]}"]
    return flags
