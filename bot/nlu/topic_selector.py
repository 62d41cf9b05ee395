"""Picks the FAQ topic for a rights question: a linear classifier over
character n-grams of the text, lemma n-grams and character n-grams of the
lemmas.

Lemmas are Voikko's base forms where Voikko knows the word, and the
tokenizer's lemma (a Snowball stem here) where it does not (puhekieli, typos);
compound words add their parts ("vuokravakuus" -> "vuokra", "vakuus"), so a
question about "vakuusmaksu" meets examples about "vuokravakuus".

It replaces Rasa's ResponseSelector and writes its result in the same shape
(`response_selector.faq.response` and `.ranking`), so `utter_faq`, the topic
buttons and the evaluation work unchanged. Why a linear model: on our data it
picks the right topic for more unseen phrasings than the ResponseSelector,
trains in seconds instead of minutes and needs a fraction of the memory
(docs/nlu-evaluation.md has the numbers).

The trained model is stored as plain arrays and JSON (no pickle).
"""
from __future__ import annotations

import json
import logging
import warnings
from typing import Any, Dict, Iterable, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy import sparse

from bot.nlu import morphology

log = logging.getLogger(__name__)

# Rasa's recipe validator warns that the FAQ examples train no ResponseSelector;
# this component is what trains on them.
warnings.filterwarnings(
    "ignore",
    message="You have defined training data with examples for training a response selector",
    category=UserWarning,
)

RESPONSE_SELECTOR = "response_selector"
VIEWS = ("char", "lemma", "lemma_char")  # the feature views, in the order of the weights
ALL_RETRIEVAL_INTENTS = "all_retrieval_intents"


def token_lemma(token: Any) -> str:
    """The token's lemma where the pipeline gives one, else its text; lower case."""
    return (getattr(token, "lemma", None) or token.text).lower()


def lemma_grams(lemmas: Iterable[str], max_n: int) -> List[str]:
    """Lemma 1..max_n-grams of a message ("saa#itsenäistymisvara")."""
    lemmas = [lemma for lemma in lemmas if any(ch.isalnum() for ch in lemma)]
    grams = list(lemmas)
    for n in range(2, max_n + 1):
        grams += ["#".join(lemmas[i : i + n]) for i in range(len(lemmas) - n + 1)]
    return grams


def _identity(value: Any) -> Any:
    return value


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
    is_trainable=True,
)
class TopicSelector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": "faq",
            "char_min_ngram": 2,
            "char_max_ngram": 5,
            "lemma_max_ngram": 2,
            "lemma_char_min_ngram": 3,
            "lemma_char_max_ngram": 5,
            # Base forms and compound parts from Voikko (bot/nlu/morphology.py).
            "voikko": True,
            # Inverse regularisation strength of the logistic regression.
            "C": 50.0,
            # When at least this share of a message's content words (4+
            # letters) never occurs in any topic's examples, the selector
            # does not guess: the picked topic gets confidence 0, so the
            # input guard asks to rephrase ("mikä on kvanttikromodynamiikan
            # kytkinvakio" is not a rights question).
            "max_unknown_share": 0.6,
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        state: Optional[Dict[str, Any]] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._state = state
        self._char = self._lemma = self._lemma_char = self._weights = None
        # The model remembers whether it was trained with Voikko's lemmas, so
        # the same features are built at run time (or it says what is missing).
        self._voikko = bool(self._config["voikko"] if state is None else state.get("voikko", False))
        if self._voikko and not morphology.available():
            if state is None:
                morphology.open_voikko()  # training: stop and say what to install
            log.error(
                "TopicSelector: the model was trained with Voikko's lemmas but Voikko "
                "is not installed (bash scripts/setup-speller.sh); topics are picked "
                "less accurately until it is."
            )
            self._voikko = False
        if state is not None:
            self._use(state)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TopicSelector":
        return cls(config, model_storage, resource)

    @staticmethod
    def required_components() -> List:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    # ----------------------------------------------------------------- features
    def _new_vectorizers(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        def chars(prefix: str, lowercase: bool):
            low, high = self._config[f"{prefix}_min_ngram"], self._config[f"{prefix}_max_ngram"]
            return TfidfVectorizer(
                analyzer="char_wb", ngram_range=(low, high), lowercase=lowercase,
                sublinear_tf=True, dtype=np.float32,
            )

        char = chars("char", lowercase=True)
        lemma = TfidfVectorizer(
            analyzer=_identity, lowercase=False, sublinear_tf=True, dtype=np.float32
        )
        # character n-grams of the lemmas: "jälkihuoltotuki" meets "tuki"
        lemma_char = chars("lemma_char", lowercase=False)
        return char, lemma, lemma_char

    def _views(self):
        """(name, vectorizer, what it reads from a message) for each feature view."""
        vectorizers = (self._char, self._lemma, self._lemma_char)
        readers = (lambda m: m.get(TEXT) or "", self.word_features, self.lemma_text)
        return tuple(zip(VIEWS, vectorizers, readers))

    def _use(self, state: Dict[str, Any]) -> None:
        self._state = state
        self._char, self._lemma, self._lemma_char = self._new_vectorizers()
        for name, vectorizer, _ in self._views():
            vectorizer.vocabulary_ = state[f"{name}_vocabulary"]
            vectorizer.idf_ = state[f"{name}_idf"]
        # features x topics, contiguous: the sparse product then costs well
        # under a millisecond (the transposed view was copied on every call).
        self._weights = np.ascontiguousarray(state["coef"].T)

    def _lemma_of(self, token: Any) -> str:
        if self._voikko:
            analysis = morphology.analyse(token.text.lower())
            if analysis is not None:
                return analysis.base
        return token_lemma(token)

    def lemma_text(self, message: Message) -> str:
        """The message's lemmas as text, for the lemma character n-grams."""
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        lemmas = (self._lemma_of(t) for t in tokens)
        return " ".join(lemma for lemma in lemmas if any(ch.isalnum() for ch in lemma))

    def word_features(self, message: Message) -> List[str]:
        """Lemma 1..n-grams and, with Voikko, "+part" for each compound part."""
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        grams = lemma_grams([self._lemma_of(t) for t in tokens], int(self._config["lemma_max_ngram"]))
        if self._voikko:
            for token in tokens:
                analysis = morphology.analyse(token.text.lower())
                if analysis is not None:
                    grams += [f"+{part}" for part in analysis.parts]
        return grams

    def _features(self, messages: List[Message]):
        return sparse.hstack(
            [vectorizer.transform([read(m) for m in messages]) for _, vectorizer, read in self._views()],
            format="csr",
            dtype=np.float32,  # as the weights: a mixed product would copy them
        )

    # ----------------------------------------------------------------- training
    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        retrieval_intent = self._config["retrieval_intent"]
        examples = [
            m
            for m in training_data.intent_examples
            if m.get(INTENT) == retrieval_intent and m.get(INTENT_RESPONSE_KEY)
        ]
        labels = sorted({m.get(INTENT_RESPONSE_KEY) for m in examples})
        if len(labels) < 2:
            log.warning("TopicSelector: fewer than two topics to learn; nothing trained.")
            return self._resource

        self._char, self._lemma, self._lemma_char = self._new_vectorizers()
        for _, vectorizer, read in self._views():
            vectorizer.fit([read(m) for m in examples])
        classifier = LogisticRegression(C=float(self._config["C"]), max_iter=5000)
        classifier.fit(self._features(examples), [m.get(INTENT_RESPONSE_KEY) for m in examples])

        state = {
            "labels": [str(label) for label in classifier.classes_],
            "voikko": self._voikko,
            "coef": classifier.coef_.astype(np.float32),
            "intercept": classifier.intercept_.astype(np.float32),
            "responses": {
                key: value
                for key, value in training_data.responses.items()
                if key.startswith(f"utter_{retrieval_intent}/")
            },
        }
        for name, vectorizer, _ in self._views():
            state[f"{name}_vocabulary"] = {
                str(k): int(v) for k, v in vectorizer.vocabulary_.items()
            }
            state[f"{name}_idf"] = vectorizer.idf_.astype(np.float32)
        self._use(state)
        self.persist()
        return self._resource

    def persist(self) -> None:
        state = self._state
        with self._storage.write_to(self._resource) as directory:
            names = [name for name, _, _ in self._views()]
            np.savez_compressed(
                directory / "arrays.npz",
                coef=state["coef"],
                intercept=state["intercept"],
                **{f"{name}_idf": state[f"{name}_idf"] for name in names},
            )
            meta = {k: state[k] for k in ("labels", "voikko", "responses")}
            meta.update({f"{name}_vocabulary": state[f"{name}_vocabulary"] for name in names})
            (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "TopicSelector":
        try:
            with model_storage.read_from(resource) as directory:
                meta = json.loads((directory / "meta.json").read_text("utf-8"))
                with np.load(directory / "arrays.npz", allow_pickle=False) as arrays:
                    state = {**meta, **{k: arrays[k] for k in arrays.files}}
        except (ValueError, FileNotFoundError):
            log.warning("TopicSelector: no trained model found; topics will not be picked.")
            state = None
        if state is not None and not all(f"{name}_vocabulary" in state for name in VIEWS):
            log.warning("TopicSelector: the model is from an older version; retrain it (make train).")
            state = None
        return cls(config, model_storage, resource, state)

    # ---------------------------------------------------------------- inference
    def probabilities(self, messages: List[Message]) -> np.ndarray:
        scores = self._features(messages) @ self._weights + self._state["intercept"]
        scores = np.asarray(scores, dtype=np.float64)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def _known(self, token: Any) -> bool:
        """A word some topic example has, or a compound all of whose parts are."""
        vocabulary = self._lemma.vocabulary_
        if self._lemma_of(token) in vocabulary:
            return True
        analysis = morphology.analyse(token.text.lower()) if self._voikko else None
        return bool(analysis and analysis.parts) and all(
            part in vocabulary or f"+{part}" in vocabulary for part in analysis.parts
        )

    def unknown_share(self, message: Message) -> float:
        """Share of the message's content words that no topic example has."""
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        words = [t for t in tokens if len(t.text) >= 4 and t.text.isalpha()]
        if not words:
            return 0.0
        return sum(not self._known(word) for word in words) / len(words)

    def process(self, messages: List[Message]) -> List[Message]:
        if self._state is None or not messages:
            return messages
        labels = self._state["labels"]
        responses = self._state["responses"]
        retrieval_intent = self._config["retrieval_intent"]
        for message, row in zip(messages, self.probabilities(messages)):
            order = np.argsort(-row)[: int(self._config["ranking_length"])]
            ranking = [
                {"confidence": float(row[i]), INTENT_RESPONSE_KEY: labels[i]} for i in order
            ]
            top = ranking[0]
            unknown = self.unknown_share(message) >= float(self._config["max_unknown_share"])
            utter_action = f"utter_{top[INTENT_RESPONSE_KEY]}"
            selectors = message.get(RESPONSE_SELECTOR, {}) or {}
            selectors[ALL_RETRIEVAL_INTENTS] = [retrieval_intent]
            selectors[retrieval_intent] = {
                "response": {
                    "responses": responses.get(utter_action, []),
                    "confidence": 0.0 if unknown else top["confidence"],
                    INTENT_RESPONSE_KEY: top[INTENT_RESPONSE_KEY],
                    "utter_action": utter_action,
                },
                "ranking": ranking,
            }
            message.set(RESPONSE_SELECTOR, selectors, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
