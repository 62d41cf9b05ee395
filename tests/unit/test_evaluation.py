from bot.evaluation import Example, load_heldout, predicted_label, replace_section, score


def test_score_counts_topic_confusions_and_targets():
    examples = [Example("a", "faq/x"), Example("b", "faq/x"), Example("c", "faq/y"), Example("d", "greet")]
    report = score(examples, ["faq/x", "faq/y", "faq/y", "greet"])
    assert report.topic_accuracy == 2 / 3
    assert report.per_label["faq/x"]["recall"] == 0.5
    assert report.per_label["faq/y"]["precision"] == 0.5
    assert report.confused == [(("faq/x", "faq/y"), 1)]
    assert any("faq/x recall" in problem for problem in report.failures())


def test_predicted_label_uses_the_selected_topic():
    parse = {"intent": {"name": "faq"}, "response_selector": {"faq": {"response": {"intent_response_key": "faq/age_limit"}}}}
    assert predicted_label(parse) == "faq/age_limit"
    assert predicted_label({"intent": {"name": "greet"}}) == "greet"


def test_heldout_examples_are_not_training_examples():
    from bot.content.topics import load_topics

    training = {e.lower() for t in load_topics().values() for e in t.examples}
    heldout = load_heldout()
    assert heldout, "tests/nlu must hold examples"
    leaked = [e.text for e in heldout if e.text.lower() in training]
    assert leaked == []


def test_replace_section(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("head\n<!-- x:start -->\nold\n<!-- x:end -->\ntail\n")
    replace_section(doc, "x", "new\n")
    assert doc.read_text() == "head\n<!-- x:start -->\nnew\n<!-- x:end -->\ntail\n"
