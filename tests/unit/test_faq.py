from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAfterFaq, ActionAnswerAgeFollowup
from bot.content.region import Region
from bot.content.topics import load_topics
from bot.services.faq import (
    RankedTopic,
    age_followup_answer,
    ranking_from_parse_data,
    second_topic,
)

REGION = Region(
    name="Testialue", age_limit=23, aftercare_contact="puh. 040 000 0000",
    office_hours="ma–pe 9–15", social_emergency="040 000 0001",
    ombudsman="puh. 040 000 0002", website="https://testi.example",
)


def parse_data(*ranking):
    return {
        "intent": {"name": "faq", "confidence": 0.9},
        "response_selector": {
            "faq": {
                "response": {"intent_response_key": f"faq/{ranking[0][0]}", "confidence": ranking[0][1]},
                "ranking": [
                    {"intent_response_key": f"faq/{name}", "confidence": conf}
                    for name, conf in ranking
                ],
            }
        },
    }


def test_ranking_is_read_best_first():
    ranking = ranking_from_parse_data(parse_data(("age_limit", 0.7), ("own_flat", 0.2)))
    assert ranking == [RankedTopic("age_limit", 0.7), RankedTopic("own_flat", 0.2)]


def test_second_topic_only_when_confident_enough():
    topics = load_topics()
    assert second_topic([RankedTopic("age_limit", 0.6), RankedTopic("own_flat", 0.35)], topics).id == "own_flat"
    assert second_topic([RankedTopic("age_limit", 0.9), RankedTopic("own_flat", 0.05)], topics) is None
    assert second_topic([RankedTopic("age_limit", 0.9)], topics) is None


def test_age_answers():
    assert "voit vielä saada jälkihuoltoa" in age_followup_answer(22, REGION, "age_limit")
    assert "noin vuosi" in age_followup_answer(22, REGION, "age_limit")
    assert "4 vuotta" in age_followup_answer(19, REGION, "age_limit")
    over = age_followup_answer(24, REGION, "age_limit")
    assert "yleensä jo päättynyt" in over and "23" in over
    assert age_followup_answer(22, REGION, "own_flat").startswith("Jos kysyt jälkihuollon ikärajasta:")


def tracker(latest_message, slots=None):
    return Tracker("s", slots or {}, latest_message, [], False, None, {}, "action_listen")


def test_action_after_faq_remembers_topic_and_offers_the_second():
    dispatcher = CollectingDispatcher()
    events = ActionAfterFaq().run(
        dispatcher, tracker(parse_data(("age_limit", 0.55), ("own_flat", 0.4))), {}
    )
    assert events == [{"event": "slot", "timestamp": None, "name": "last_faq_topic", "value": "age_limit"}]
    [offer] = dispatcher.messages
    assert offer["response"] == "text_offer_second_topic"
    own_flat = load_topics()["own_flat"]
    assert offer["buttons"] == [{"title": own_flat.title, "payload": own_flat.examples[0]}]


def test_action_age_followup_uses_the_entity_and_region(monkeypatch):
    message = {"text": "entä jos oon 22", "intent": {"name": "age_followup"},
               "entities": [{"entity": "age", "value": "22"}]}
    dispatcher = CollectingDispatcher()
    ActionAnswerAgeFollowup().run(dispatcher, tracker(message, {"last_faq_topic": "age_limit"}), {})
    assert "Kun olet 22" in dispatcher.messages[0]["text"]


def test_action_age_followup_without_a_number_asks_for_it():
    message = {"text": "entä jos oon vanhempi", "intent": {"name": "age_followup"}, "entities": []}
    dispatcher = CollectingDispatcher()
    ActionAnswerAgeFollowup().run(dispatcher, tracker(message), {})
    assert dispatcher.messages[0]["response"] == "text_ask_age"


def fallback_parse(ranking, intents=("nlu_fallback", "faq", "greet")):
    data = parse_data(*ranking)
    data["intent"] = {"name": "nlu_fallback", "confidence": 0.2}
    data["intent_ranking"] = [{"name": n, "confidence": 0.3} for n in intents]
    return data


def test_unclear_rights_question_gets_topic_suggestions():
    from actions.faq import ActionSuggestTopics

    dispatcher = CollectingDispatcher()
    ranking = (("studies", 0.25), ("financial_support", 0.2), ("hobbies", 0.1), ("work", 0.01))
    ActionSuggestTopics().run(dispatcher, tracker(fallback_parse(ranking)), {})
    [message] = dispatcher.messages
    topics = load_topics()
    assert message["response"] == "text_suggest_topics"
    assert [b["title"] for b in message["buttons"]] == [
        topics["studies"].title, topics["financial_support"].title, topics["hobbies"].title,
    ]


def test_no_suggestions_when_it_was_not_a_rights_question():
    from actions.faq import ActionSuggestTopics

    dispatcher = CollectingDispatcher()
    parse = fallback_parse((("studies", 0.3),), intents=("nlu_fallback", "out_of_scope", "faq"))
    ActionSuggestTopics().run(dispatcher, tracker(parse), {})
    assert dispatcher.messages == []


def test_split_clauses():
    from bot.services.faq import split_clauses

    assert split_clauses("paljonko saan itsenäistymisvaroja ja miten haen vuokravakuuden") == [
        "paljonko saan itsenäistymisvaroja", "miten haen vuokravakuuden",
    ]
    assert split_clauses("Mikä on huostaanotto? Entä avohuolto?") == [
        "Mikä on huostaanotto", "avohuolto",
    ]
    assert split_clauses("moi") == []
    assert split_clauses("ok ja moi") == []


def test_other_topic_is_found_in_the_second_part():
    from bot.services.faq import other_topic_in_clauses

    topics = load_topics()
    parses = [parse_data(("independence_funds", 0.9)), parse_data(("rent_deposit", 0.8))]
    assert other_topic_in_clauses(parses, "independence_funds", topics).id == "rent_deposit"
    unsure = [parse_data(("rent_deposit", 0.3))]
    assert other_topic_in_clauses(unsure, "independence_funds", topics) is None
    not_faq = [{**parse_data(("rent_deposit", 0.9)), "intent": {"name": "greet"}}]
    assert other_topic_in_clauses(not_faq, "independence_funds", topics) is None


def test_action_after_faq_says_in_english_that_the_answer_was_in_finnish():
    english = dict(parse_data(("who_is_entitled", 0.8)), text="am i eligible for aftercare after foster care")
    dispatcher = CollectingDispatcher()
    ActionAfterFaq().run(dispatcher, tracker(english), {})
    assert [m["response"] for m in dispatcher.messages] == ["text_answer_in_finnish"]

    finnish = dict(parse_data(("who_is_entitled", 0.8)), text="kuulunks mä jälkihuoltoon")
    dispatcher = CollectingDispatcher()
    ActionAfterFaq().run(dispatcher, tracker(finnish), {})
    assert dispatcher.messages == []
