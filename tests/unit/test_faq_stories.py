"""The FAQ test stories (run end to end by `make test-stories`) cover every
topic with a phrasing the model was never trained on."""
import re
from pathlib import Path

import yaml

from bot.content.topics import load_topics
from bot.evaluation import load_heldout

STORIES = Path(__file__).resolve().parents[2] / "tests" / "stories" / "test_faq.yml"


def _plain(text: str) -> str:
    """The text without entity annotations: "[14](age)" -> "14"."""
    return re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", text).strip().lower()


def _first_steps():
    stories = yaml.safe_load(STORIES.read_text(encoding="utf-8"))["stories"]
    return [story["steps"][0] for story in stories]


def test_every_topic_has_an_end_to_end_story():
    topics = load_topics()
    covered = {step["intent"] for step in _first_steps()}
    assert covered == {f"faq/{key}" for key in topics}


def test_story_texts_are_held_out_phrasings_not_training_examples():
    training = {e.strip().lower() for t in load_topics().values() for e in t.examples}
    heldout = {(e.text.strip().lower(), e.label) for e in load_heldout()}
    for step in _first_steps():
        text = _plain(step["user"])
        assert text not in training, text
        assert (text, step["intent"]) in heldout, text
