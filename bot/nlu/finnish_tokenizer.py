"""A Rasa tokenizer that uses spaCy's Finnish language support.

See bot/nlu/backend.py for the two paths (trained fi_core_news_sm, or spaCy's
rule-based Finnish tokenizer with Snowball stems). Each token gets a lemma, which
the word-level CountVectorsFeaturizer uses (``use_lemma`` defaults to true), so
inflected forms of one word share a feature.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.backend import load_analyzer

log = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class FinnishSpacyTokenizer(Tokenizer):
    """Tokenizes with spaCy's Finnish rules and adds lemmas (or stems)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        return ["fi"]

    @staticmethod
    def required_packages() -> List[Text]:
        return ["spacy", "snowballstemmer"]

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self._analyzer = load_analyzer()
        log.info("Finnish NLU path: %s", self._analyzer.description["label"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FinnishSpacyTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute)
        analyzer = self._analyzer
        doc = analyzer.nlp(text)
        tokens = [
            Token(t.text, t.idx, lemma=analyzer.lemma(t))
            for t in doc
            if not (t.is_space or t.is_punct)
        ]
        if not tokens:
            # Only punctuation or emoji: keep the whole text as one token, as
            # Rasa's own tokenizers do, so later components always see a token.
            tokens = [Token(text, 0, lemma=text)]
        return self._apply_token_pattern(tokens)
