from bot.validation import is_known_false_positive, warnings_in

OUTPUT = """\
\x1b[93m/x/io.py:100: UserWarning: The utterance 'utter_lost' is not used in any story or rule.
\x1b[0m2026 INFO rasa.validator - Validating intents...
/x/io.py:100: UserWarning: The following duplicated intents have been found across multiple domain files: faq
  More info at https://rasa.com/docs/rasa/domain
/x/io.py:100: UserWarning: The utterance 'text_used' is not used in any story or rule.
"""


def test_warnings_are_read_from_rasa_output():
    assert warnings_in(OUTPUT) == [
        "The utterance 'utter_lost' is not used in any story or rule.",
        "The following duplicated intents have been found across multiple domain files: faq",
        "The utterance 'text_used' is not used in any story or rule.",
    ]


def test_only_explained_warnings_are_allowed():
    source = 'dispatcher.utter_message(response="text_used")'
    found = warnings_in(OUTPUT)
    assert [w for w in found if not is_known_false_positive(w, source)] == [
        "The utterance 'utter_lost' is not used in any story or rule."
    ]
    # A text_ response that no action sends is a real problem.
    assert not is_known_false_positive(found[2], "nothing here")
    # Another duplicated intent is a real problem too.
    assert not is_known_false_positive(
        "The following duplicated intents have been found across multiple domain files: greet", ""
    )


def test_the_core_fallback_response_is_used_by_the_rule_policy():
    from bot.validation import core_fallback_action, is_known_false_positive

    name = core_fallback_action()
    assert name == "utter_core_fallback"
    message = f"The utterance '{name}' is not used in any story or rule."
    assert is_known_false_positive(message, "", (set(), set()))
    assert not is_known_false_positive(
        "The utterance 'utter_forgotten' is not used in any story or rule.", "", (set(), set())
    )
