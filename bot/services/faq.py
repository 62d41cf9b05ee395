"""Logic around FAQ answers: offering a second topic, and age follow-ups."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from bot.content.region import Region
from bot.content.topics import RETRIEVAL_INTENT, Topic

# A second topic is offered when the selector gives it at least this much
# confidence, e.g. "paljonko saan rahaa ja voinko muuttaa" (money and moving).
# At 0.25 about one single-topic held-out question in 30 gets the offer.
SECOND_TOPIC_THRESHOLD = 0.25


@dataclass(frozen=True)
class RankedTopic:
    topic_id: str
    confidence: float


def ranking_from_parse_data(parse_data: dict[str, Any]) -> list[RankedTopic]:
    """The response selector's ranking of FAQ topics, best first."""
    selector = (parse_data or {}).get("response_selector", {}).get(RETRIEVAL_INTENT, {})
    ranked = []
    for entry in selector.get("ranking", []):
        key = entry.get("intent_response_key", "")
        if key.startswith(f"{RETRIEVAL_INTENT}/"):
            ranked.append(RankedTopic(key.split("/", 1)[1], float(entry.get("confidence", 0))))
    return sorted(ranked, key=lambda r: r.confidence, reverse=True)


def answered_topic(parse_data: dict[str, Any]) -> str | None:
    ranking = ranking_from_parse_data(parse_data)
    return ranking[0].topic_id if ranking else None


def second_topic(
    ranking: Iterable[RankedTopic], topics: dict[str, Topic],
    threshold: float = SECOND_TOPIC_THRESHOLD,
) -> Topic | None:
    """The runner-up topic, when the message plausibly asked about it too."""
    ranked = list(ranking)
    if len(ranked) < 2 or ranked[1].confidence < threshold:
        return None
    return topics.get(ranked[1].topic_id)


SUGGESTION_THRESHOLD = 0.05
MAX_SUGGESTIONS = 3


def looks_like_rights_question(parse_data: dict[str, Any]) -> bool:
    """True when, fallback aside, the classifier's best guess was the FAQ intent."""
    for entry in (parse_data or {}).get("intent_ranking", []):
        if entry.get("name") != "nlu_fallback":
            return entry.get("name") == RETRIEVAL_INTENT
    return False


def suggested_topics(parse_data: dict[str, Any], topics: dict[str, Topic]) -> list[Topic]:
    """Likely topics for a rights question the selector was unsure about."""
    if not looks_like_rights_question(parse_data):
        return []
    found = []
    for ranked in ranking_from_parse_data(parse_data):
        if ranked.confidence < SUGGESTION_THRESHOLD or len(found) == MAX_SUGGESTIONS:
            break
        topic = topics.get(ranked.topic_id)
        if topic is not None and topic.examples:
            found.append(topic)
    return found


# Where one message may hold two questions: "...ja...", "...? Entä...".
_CLAUSE_BREAK = re.compile(
    r"[.?!;]+|\s+(?:ja|sekä|plus|lisäks|lisäksi|entä|entäs|and|also)\s+", re.IGNORECASE
)
CLAUSE_TOPIC_THRESHOLD = 0.5


def split_clauses(text: str) -> list[str]:
    """Parts of a message that could each be a question of their own."""
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text or "")]
    return [p for p in parts if any(len(word) >= 4 for word in re.findall(r"\w+", p))]


def other_topic_in_clauses(
    parses: Iterable[dict[str, Any]], answered: str | None, topics: dict[str, Topic]
) -> Topic | None:
    """The first confidently recognised topic, in the message's parts, that was not answered."""
    for parse in parses:
        if (parse.get("intent") or {}).get("name") != RETRIEVAL_INTENT:
            continue
        ranking = ranking_from_parse_data(parse)
        if ranking and ranking[0].confidence >= CLAUSE_TOPIC_THRESHOLD:
            topic = topics.get(ranking[0].topic_id)
            if topic is not None and topic.id != answered:
                return topic
    return None


# Topics after which "entä jos oon 22?" is a direct follow-up.
AGE_TOPICS = {"age_limit", "five_year_rule", "who_is_entitled", "ending_aftercare", "refusing_and_returning"}


def age_followup_answer(age: int, region: Region, previous_topic: str | None = None) -> str:
    """Plain-Finnish answer to "entä jos oon 22?" after a question about the age limit."""
    answer = _age_answer(age, region)
    if previous_topic in AGE_TOPICS:
        return answer
    # Asked out of the blue: say what question we are answering.
    return "Jos kysyt jälkihuollon ikärajasta: " + answer[0].lower() + answer[1:]


def _age_answer(age: int, region: Region) -> str:
    limit = region.age_limit
    if age < 18:
        return (
            "Jälkihuolto koskee myös alle 18-vuotiaita, kun sijoitus on päättynyt. "
            "Kysy tarkemmin omalta sosiaalityöntekijältäsi."
        )
    if age < limit:
        left = limit - age
        years = "vuosi" if left == 1 else f"{left} vuotta"
        return (
            f"Kun olet {age}, voit vielä saada jälkihuoltoa. Alueellasi ({region.name}) "
            f"se jatkuu, kunnes täytät {limit} vuotta. Aikaa on siis vielä noin {years}. "
            f"Oikeus voi päättyä aiemmin, jos sijoituksesi päättymisestä on kulunut viisi vuotta. "
            f"Tarkista oma tilanteesi: {region.aftercare_contact}."
        )
    return (
        f"Kun olet {age}, jälkihuolto on alueellasi ({region.name}) yleensä jo päättynyt, "
        f"koska raja on {limit} vuotta. Tukea saat silti muista sosiaalipalveluista. "
        f"Kysy, mistä saat apua: {region.aftercare_contact}."
    )
