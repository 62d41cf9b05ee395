import shutil

from bot import training
from bot.config import PROJECT_ROOT


def copy_inputs(target):
    for name in training.CONTENT_INPUTS:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / name)


def test_fingerprint_changes_only_when_training_inputs_change(tmp_path):
    copy_inputs(tmp_path)
    before = training.fingerprint(tmp_path)
    assert training.fingerprint(tmp_path) == before
    (tmp_path / "README.md").write_text("not a training input")
    assert training.fingerprint(tmp_path) == before
    nlu = tmp_path / "data" / "nlu" / "smalltalk.yml"
    nlu.write_text(nlu.read_text(encoding="utf-8") + "    - moikku\n", encoding="utf-8")
    assert training.fingerprint(tmp_path) != before


def test_config_change_changes_fingerprint(tmp_path):
    copy_inputs(tmp_path)
    before = training.fingerprint(tmp_path)
    config = tmp_path / "config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("epochs: 50", "epochs: 51"))
    assert training.fingerprint(tmp_path) != before


def test_an_answer_change_needs_no_training_but_a_new_example_does(tmp_path):
    """FAQ answers are read from the files when a model loads (bot/content/nlg.py)."""
    copy_inputs(tmp_path)
    before = training.fingerprint(tmp_path)
    topic = tmp_path / "data" / "faq" / "age_limit.yml"
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("Kysy omalta", "Kysy heti omalta").replace(
        'reviewed: "2026-11-28"', 'reviewed: "2026-12-01"'), encoding="utf-8")
    assert topic.read_text(encoding="utf-8") != text
    assert training.fingerprint(tmp_path) == before
    topic.write_text(text.replace("  examples: |\n", "  examples: |\n    - ikäraja jälkkärissä\n"),
                     encoding="utf-8")
    assert training.fingerprint(tmp_path) != before


def test_the_fingerprint_follows_the_content_edit_folder(tmp_path, monkeypatch):
    copy_inputs(tmp_path)
    assert training.fingerprint(tmp_path) == training.fingerprint(PROJECT_ROOT)
    monkeypatch.setenv("CONTENT_EDIT_DIR", str(tmp_path))
    (tmp_path / "config.yml").write_text("language: fi\n", encoding="utf-8")
    assert training.fingerprint() == training.fingerprint(tmp_path) != training.fingerprint(PROJECT_ROOT)
