import shutil

from bot import training
from bot.config import PROJECT_ROOT


def copy_inputs(target):
    for name in training.TRAINING_INPUTS:
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
