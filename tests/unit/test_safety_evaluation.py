"""Scoring of the crisis evaluation sets (the parsing itself runs in `make eval`)."""
from bot.safety import evaluation as ev


def parse(intent, level="none", classifier=False):
    return {"intent": {"name": intent}, "safety": {"level": level, "classifier_crisis": classifier}}


def test_sets_are_present_large_enough_and_never_in_training_data():
    from bot.config import PROJECT_ROOT

    sets = ev.load_sets()
    assert set(sets) >= {"a", "b", "c"}
    training = "\n".join(p.read_text(encoding="utf-8").lower() for p in (PROJECT_ROOT / "data").rglob("*.yml"))
    for name, cases in sets.items():
        crisis = [c for c in cases if c.crisis]
        near = [c for c in cases if not c.crisis]
        assert len(crisis) >= 80 and len(near) >= 80, name
        for case in cases:
            assert f"- {case.text.lower()}\n" not in training, (name, case.text)


def test_recall_precision_and_the_lists_of_mistakes():
    cases = [
        ev.Case("a", True, "suicide"),
        ev.Case("b", True, "violence"),
        ev.Case("c", False, "hyperbole"),
        ev.Case("d", False, "everyday"),
    ]
    parses = [
        parse("crisis", "crisis", True),
        parse("faq"),  # missed
        parse("crisis", classifier=True),  # false alarm from the classifier
        parse("feeling_down", "check_in"),
    ]
    report = ev.score_set("x", cases, parses)
    combined = report.layers["combined"]
    assert (combined.recall, combined.precision) == (0.5, 0.5)
    assert report.layers["lexicon"].recall == 0.5 and report.layers["lexicon"].precision == 1.0
    assert report.layers["classifier"].false_positives == 1
    assert [c.text for c in report.missed] == ["b"]
    assert [c.text for c in report.false_alarms] == ["c"]
    assert report.check_ins == 1
    problems = ev.failures([report])
    assert any("recall" in p for p in problems) and any("precision" in p for p in problems)
    assert "| x | 2 / 2 | **0.500** | **0.500** | 1 |" in ev.render([report], "2026-01-01")


def test_targets_met_means_no_problems():
    cases = [ev.Case("a", True, "suicide"), ev.Case("b", False, "hyperbole")]
    report = ev.score_set("ok", cases, [parse("crisis", "crisis"), parse("faq")])
    assert ev.failures([report]) == []
