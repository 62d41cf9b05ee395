"""Content checks for `make validate`: Finnish messages for the content editors.

Each finding names the file and the line::

    VIRHE: data/faq/appeal.yml, rivi 8: aiheella ei ole yhtään lähdettä: lisää sources-listaan …
    VAROITUS: data/faq/appeal.yml, rivi 6: tarkista vastaus: viimeksi tarkistettu 2025-01-15, …

Errors (VIRHE) fail `make validate`; warnings (VAROITUS) are only printed.
The limits below are the one place for the content rules: tests/unit/test_content.py
imports them too.

Every check takes the files or folders it reads as parameters, so the tests can
point it at a small content tree of their own (see ``run_checks``).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urlparse

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.config import PROJECT_ROOT

# The content rules (docs/sisallontuottajan-opas.md, luvut 3, 4 ja 6).
MIN_EXAMPLES = 20  # training examples per FAQ topic
MAX_ANSWER_WORDS = 80  # words in an answer; a placeholder counts as one word
REVIEW_MAX_AGE_MONTHS = 12  # an older `reviewed` date gets a warning
# Crisis contacts that content/safety/contacts.yml must always list:
# (name that must appear in the contact's name, or None; phone number).
REQUIRED_CONTACTS = (
    (None, "112"),
    ("MIELI Kriisipuhelin", "09 2525 0111"),
    ("Nollalinja", "080 005 005"),
    ("Päivystysapu", "116 117"),
)

ERROR = "VIRHE"
WARNING = "VAROITUS"
RETRIEVAL_INTENT = "faq"
WORDLIST = "content/sanasto.txt"

PLACEHOLDER = re.compile(r"{([^{}]*)}")
URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>\"']*|\bwww\.[^\s<>\"']*")
EMAIL = re.compile(r"\S+@\S+\.\w+")
DOMAIN_NAME = re.compile(r"\b(?:[\w-]+\.)+[a-z]{2,6}\b")  # sekasin247.fi without https://
WORD = re.compile(r"\w+(?:[-'’:]\w+)*-?", re.UNICODE)
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$", re.I)
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR or WARNING
    path: Path | None
    line: int | None
    message: str

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def format(self, root: Path = PROJECT_ROOT) -> str:
        where = ""
        if self.path is not None:
            where = _shown(self.path, root)
            if self.line:
                where += f", rivi {self.line}"
            where += ": "
        return f"{self.level}: {where}{self.message}"


def _shown(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def _error(path, line, message) -> Finding:
    return Finding(ERROR, path, line, message)


def _warning(path, line, message) -> Finding:
    return Finding(WARNING, path, line, message)


# --- YAML with line numbers -------------------------------------------------


def _line(node: Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _get(node: Node | None, key: str) -> tuple[Node | None, Node | None]:
    """(key node, value node) of ``key`` in a mapping node, or (None, None)."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
    return None, None


def _items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _text(node: Node | None) -> str | None:
    """A scalar's value as text (None for a missing, null or non-scalar value)."""
    if not isinstance(node, ScalarNode) or node.tag.endswith(":null"):
        return None
    return node.value


def _is_empty(node: Node | None) -> bool:
    value = _text(node)
    return node is None or (isinstance(node, ScalarNode) and not (value or "").strip())


# PyYAML's problems in plain Finnish (the original stays in brackets for a developer).
YAML_PROBLEMS = (
    ("found character '\\t'", "sisennyksessä on sarkain (tab). Käytä sisennykseen välilyöntejä"),
    ("mapping values are not allowed", "rivillä on ylimääräinen kaksoispiste. Laita teksti lainausmerkkeihin"),
    ("could not find expected ':'", "kaksoispiste puuttuu tai lainausmerkki jäi sulkematta"),
    ("found unexpected end of stream", "lainausmerkki jäi sulkematta"),
    ("found unknown escape character", "tekstissä on kenoviiva (\\), jota ei tunneta. Rivinvaihto on \\n"),
    ("expected <block end>", "sisennys on väärin tai lainausmerkki jäi sulkematta"),
    ("did not find expected '-'", "listan rivin pitää alkaa viivalla (-) samassa sisennyksessä kuin muut"),
    ("did not find expected key", "sisennys on väärin tai lainausmerkki jäi sulkematta"),
    ("found duplicate", "sama nimi on tiedostossa kahdesti"),
)


def _yaml_error(path: Path, error: yaml.YAMLError) -> Finding:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None) or ""
    technical = f"{context}: {problem}" if context else problem
    finnish = next(
        (fi for en, fi in YAML_PROBLEMS if en in technical),
        "tiedoston rakenne on rikki. Tarkista sisennys, kaksoispisteet ja lainausmerkit tällä "
        "tai edellisellä rivillä",
    )
    start = getattr(error, "context_mark", None)
    if "quoted scalar" in context and start is not None and mark is not None and start.line != mark.line:
        finnish += f" (lainausmerkki alkaa rivillä {start.line + 1})"
    return _error(
        path, mark.line + 1 if mark else None,
        f"YAML-virhe: {finnish}. [{technical}]",
    )


def compose(path: Path) -> tuple[Node | None, Finding | None]:
    """The file's YAML node tree, or the error that stops reading it."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader), None
    except yaml.YAMLError as error:
        return None, _yaml_error(path, error)
    except UnicodeDecodeError:
        return None, _error(path, None, "tiedosto ei ole UTF-8-tekstiä. Tallenna se UTF-8-muodossa.")


def yaml_files(root: Path) -> list[Path]:
    """The YAML files that make validate reads: data/, content/ and domain.yml."""
    files = []
    for folder in ("data", "content"):
        base = root / folder
        if base.is_dir():
            files += sorted(p for p in base.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    if (root / "domain.yml").is_file():
        files.append(root / "domain.yml")
    return files


def check_yaml(paths: Iterable[Path]) -> list[Finding]:
    """1. Every file is valid YAML (a full load, so duplicate anchors etc. count too)."""
    findings = []
    for path in paths:
        try:
            yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            findings.append(_yaml_error(path, error))
        except UnicodeDecodeError:
            findings.append(_error(path, None, "tiedosto ei ole UTF-8-tekstiä. Tallenna se UTF-8-muodossa."))
    return findings


# --- FAQ topics ---------------------------------------------------------------


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a well-formed web address, in Finnish (None when it is)."""
    if not url or not url.strip():
        return "osoite on tyhjä"
    if any(ch.isspace() for ch in url):
        return "osoitteessa on välilyönti"
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return "osoitteen pitää alkaa https:// tai http://"
    host = parsed.hostname or ""
    if not parsed.netloc or not HOST.match(host.encode("idna").decode("ascii") if host else ""):
        return "osoitteesta puuttuu palvelimen nimi (esim. www.kela.fi)"
    return None


def _urls_in_text(text: str) -> Iterator[str]:
    for match in URL_IN_TEXT.finditer(text):
        yield match.group(0).rstrip(".,;:!?)")


def _check_text_urls(path: Path, node: Node, text: str, what: str) -> list[Finding]:
    findings = []
    for url in _urls_in_text(text):
        if url.startswith("www."):
            findings.append(_error(path, _line(node), f"{what}: linkistä {url} puuttuu alku https://."))
            continue
        problem = url_problem(url)
        if problem:
            findings.append(_error(path, _line(node), f"{what}: linkki {url} on virheellinen: {problem}."))
    return findings


def answer_words(text: str) -> int:
    """The answer's length in words; a placeholder such as {region_name} is one word."""
    return len(PLACEHOLDER.sub("X", text).split())


def _allowed_placeholders() -> set[str]:
    from bot.content.region import FIELDS

    return {f"region_{key}" for key in FIELDS} | {"retention_days"}


def _mentions_region(text: str) -> bool:
    lower = text.lower()
    return "{region_" in text or "hyvinvointialue" in lower or "alueellasi" in lower


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _check_reviewed(path: Path, key: Node | None, value: Node | None, line: int | None,
                    today: date) -> list[Finding]:
    if key is None or _is_empty(value):
        return [_error(path, line, "tarkistuspäivä puuttuu: lisää metadata-kohtaan rivi reviewed: \"VVVV-KK-PP\".")]
    raw = (_text(value) or "").strip()
    try:
        reviewed = date.fromisoformat(raw)
    except ValueError:
        return [_error(path, _line(value), f"tarkistuspäivä \"{raw}\" ei ole päivämäärä muodossa VVVV-KK-PP.")]
    if reviewed > today:
        return [_error(path, _line(value), f"tarkistuspäivä {raw} on tulevaisuudessa. Kirjoita päivä, jolloin tarkistit vastauksen.")]
    if reviewed < _months_before(today, REVIEW_MAX_AGE_MONTHS):
        return [_warning(
            path, _line(value),
            f"tarkista vastaus: viimeksi tarkistettu {raw}, yli {REVIEW_MAX_AGE_MONTHS} kuukautta sitten. "
            "Päivitä sitten reviewed-päiväys.",
        )]
    return []


def _example_lines(examples: Node | None) -> list[tuple[str, int | None]]:
    """(example, line) for each ``- text`` line of an ``examples: |`` block."""
    if not isinstance(examples, ScalarNode):
        return []
    block = examples.style in ("|", ">")  # the text starts on the line after "|"
    found = []
    for offset, line in enumerate(examples.value.splitlines()):
        stripped = line.strip()
        if stripped.startswith("- "):
            number = examples.start_mark.line + 2 + offset if block else _line(examples)
            found.append((stripped[2:].strip(), number))
    return found


def check_topic(path: Path, root_node: Node | None, today: date) -> list[Finding]:
    """2-4, 6, 7: one data/faq/<id>.yml file is complete and within the limits."""
    findings: list[Finding] = []
    _, nlu = _get(root_node, "nlu")
    items = _items(nlu)
    if not items:
        return [_error(path, _line(nlu) or 1, "aiheesta puuttuu nlu-kohta, jossa on rivi - intent: faq/<tunniste>.")]
    item = items[0]
    intent_key, intent_value = _get(item, "intent")
    intent = (_text(intent_value) or "").strip()
    intent_line = _line(intent_key) or _line(item)
    if not intent.startswith(f"{RETRIEVAL_INTENT}/"):
        return [_error(path, intent_line, f"rivin pitää olla - intent: faq/{path.stem} (nyt: \"{intent}\").")]
    topic_id = intent.split("/", 1)[1]
    if topic_id != path.stem:
        findings.append(_error(
            path, intent_line,
            f"aiheen tunniste faq/{topic_id} ei vastaa tiedoston nimeä {path.name}. "
            "Tunnisteen pitää olla sama tiedoston nimessä, intent-rivillä ja utter_faq-rivillä.",
        ))

    # 2. The content record.
    meta_key, metadata = _get(item, "metadata")
    meta_line = _line(meta_key) or intent_line
    if not isinstance(metadata, MappingNode):
        findings.append(_error(
            path, meta_line,
            "aiheesta puuttuu metadata-kohta (title, reviewed, county_dependent, sources).",
        ))
    title_key, title = _get(metadata, "title")
    if isinstance(metadata, MappingNode) and _is_empty(title):
        findings.append(_error(path, _line(title_key) or meta_line, "aiheelta puuttuu otsikko (title)."))
    if isinstance(metadata, MappingNode):
        reviewed_key, reviewed = _get(metadata, "reviewed")
        findings += _check_reviewed(path, reviewed_key, reviewed, _line(reviewed_key) or meta_line, today)
        county_key, county = _get(metadata, "county_dependent")
        if county_key is None or _is_empty(county):
            findings.append(_error(
                path, _line(county_key) or meta_line,
                "county_dependent puuttuu: kirjoita county_dependent: true, jos vastaus riippuu "
                "alueesta, muuten county_dependent: false.",
            ))
        elif not county.tag.endswith(":bool"):
            findings.append(_error(
                path, _line(county), f"county_dependent saa olla vain true tai false (nyt: {_text(county)}).",
            ))
        sources_key, sources = _get(metadata, "sources")
        urls = [node for node in _items(sources)]
        if not urls:
            findings.append(_error(
                path, _line(sources_key) or meta_line,
                "aiheella ei ole yhtään lähdettä: lisää sources-listaan vähintään yksi verkko-osoite.",
            ))
        for node in urls:
            url = _text(node) or ""
            problem = url_problem(url)
            if problem:
                findings.append(_error(path, _line(node), f"lähde \"{url}\" on virheellinen: {problem}."))

    # 4. Examples.
    examples_key, examples = _get(item, "examples")
    found = _example_lines(examples)
    if examples_key is None:
        findings.append(_error(path, intent_line, "aiheelta puuttuu examples-kohta (harjoitusesimerkit)."))
    elif len(found) < MIN_EXAMPLES:
        findings.append(_error(
            path, _line(examples_key),
            f"liian vähän harjoitusesimerkkejä: {len(found)}, vähintään {MIN_EXAMPLES}. "
            "Kirjoita lisää erilaisia tapoja kysyä samaa asiaa.",
        ))

    # 3. The answer.
    _, responses = _get(root_node, "responses")
    response_name = f"utter_{RETRIEVAL_INTENT}/{topic_id}"
    response_key, variations = _get(responses, response_name)
    text_node = None
    for variation in _items(variations):
        _, text_node = _get(variation, "text")
        break
    answer = _text(text_node) or ""
    if response_key is None:
        findings.append(_error(
            path, _line(responses) or intent_line,
            f"aiheelta puuttuu vastaus: lisää responses-kohtaan {response_name}: ja sen alle - text: \"…\".",
        ))
    elif not answer.strip():
        findings.append(_error(path, _line(text_node) or _line(response_key), "vastauksen teksti (text) puuttuu tai on tyhjä."))
    else:
        line = _line(text_node)
        words = answer_words(answer)
        if words > MAX_ANSWER_WORDS:
            findings.append(_error(
                path, line,
                f"vastaus on liian pitkä: {words} sanaa, enintään {MAX_ANSWER_WORDS}. Lyhennä vastausta.",
            ))
        unknown = sorted(set(PLACEHOLDER.findall(answer)) - _allowed_placeholders())
        if unknown:
            findings.append(_error(
                path, line,
                "tuntematon paikkamerkki: " + ", ".join("{" + name + "}" for name in unknown)
                + ". Sallitut paikkamerkit ovat oppaan luvussa 5.",
            ))
        _, county = _get(metadata, "county_dependent")
        if _text(county) in ("true", "True", "TRUE") and not _mentions_region(answer):
            findings.append(_error(
                path, line,
                "county_dependent on true, mutta vastaus ei mainitse aluetta. Lisää esimerkiksi "
                "{region_name} tai sana \"alueellasi\".",
            ))
        findings += _check_text_urls(path, text_node, answer, "vastaus")
    return findings


# --- Examples in two intents ---------------------------------------------------


def normalize_example(text: str) -> str:
    """Case- and whitespace-insensitive form; entity annotations [x](e) become x."""
    return " ".join(ANNOTATION.sub(r"\1", text).casefold().split())


def _intent_examples(path: Path, root_node: Node | None) -> Iterator[tuple[str, str, int | None]]:
    """(intent, example, line) for every intent example in one NLU file."""
    _, nlu = _get(root_node, "nlu")
    for item in _items(nlu):
        _, intent = _get(item, "intent")
        name = _text(intent)
        if not name:
            continue
        _, examples = _get(item, "examples")
        for example, line in _example_lines(examples):
            yield name, example, line


def check_duplicates(files: dict[Path, Node | None], root: Path = PROJECT_ROOT) -> list[Finding]:
    """5. The same example (any case or spacing) is not in two intents or topics."""
    seen: dict[str, list[tuple[str, Path, int | None, str]]] = defaultdict(list)
    for path, node in files.items():
        for intent, example, line in _intent_examples(path, node):
            seen[normalize_example(example)].append((intent, path, line, example))
    findings = []
    for key, places in seen.items():
        if not key or len({intent for intent, *_ in places}) < 2:
            continue
        first_intent, first_path, first_line, _ = places[0]
        for intent, path, line, example in places[1:]:
            if intent == first_intent:
                continue
            findings.append(_error(
                path, line,
                f"sama esimerkki \"{example}\" on myös tiedostossa {_shown(first_path, root)}, "
                f"rivi {first_line} ({first_intent}). Sama lause saa olla vain yhdessä aiheessa: "
                "poista se toisesta.",
            ))
    return findings


# --- Crisis contacts -----------------------------------------------------------


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def check_contacts(path: Path) -> list[Finding]:
    """8. content/safety/contacts.yml lists the crisis contacts, each with a source."""
    if not path.is_file():
        return [_error(path, None, "kriisiyhteystietojen tiedosto puuttuu. Botin hätävastaukset tarvitsevat sen.")]
    node, problem = compose(path)
    if problem:
        return [problem]
    contacts_key, contacts = _get(node, "contacts")
    list_line = _line(contacts_key) or 1
    entries = []
    findings = []
    for contact in _items(contacts):
        _, name = _get(contact, "name")
        _, number = _get(contact, "number")
        sources_key, sources = _get(contact, "sources")
        entries.append(((_text(name) or "").strip(), _text(number) or ""))
        if not _items(sources):
            findings.append(_error(
                path, _line(contact), f"yhteystiedolla \"{_text(name) or '?'}\" ei ole lähdettä (sources).",
            ))
        for source in _items(sources):
            problem = url_problem(_text(source) or "")
            if problem:
                findings.append(_error(path, _line(source), f"lähde \"{_text(source)}\" on virheellinen: {problem}."))
        _, url = _get(contact, "url")
        if url is not None:
            problem = url_problem(_text(url) or "")
            if problem:
                findings.append(_error(path, _line(url), f"osoite \"{_text(url)}\" on virheellinen: {problem}."))
    for name, number in REQUIRED_CONTACTS:
        if not any(
            _digits(have_number) == _digits(number) and (name is None or name.casefold() in have_name.casefold())
            for have_name, have_number in entries
        ):
            label = f"{name} {number}" if name else number
            findings.append(_error(
                path, list_line,
                f"kriisiyhteystieto puuttuu: {label}. Se on pakollinen, koska hätävastaukset ohjaavat siihen.",
            ))
    return findings


def check_domain_texts(path: Path) -> list[Finding]:
    """6. Links in domain.yml's response texts are well-formed."""
    node, problem = compose(path)
    if problem:
        return []  # check_yaml reports it
    findings = []
    for name, text_node in _response_texts(node):
        findings += _check_text_urls(path, text_node, _text(text_node) or "", f"vastaus {name}")
    return findings


def _response_texts(domain: Node | None) -> Iterator[tuple[str, Node]]:
    _, responses = _get(domain, "responses")
    if not isinstance(responses, MappingNode):
        return
    for key, variations in responses.value:
        for variation in _items(variations):
            _, text = _get(variation, "text")
            if _text(text):
                yield key.value, text


# --- Spelling --------------------------------------------------------------------


class SpellerUnavailable(RuntimeError):
    """Voikko (the Finnish spell checker) cannot be loaded."""


Speller = Callable[[str], bool]


def load_speller() -> Speller:
    """Voikko's Finnish speller (Debian libvoikko1 + voikko-fi, PyPI libvoikko)."""
    from bot.nlu.morphology import VoikkoUnavailable, open_voikko

    try:
        voikko = open_voikko()
    except VoikkoUnavailable as error:
        raise SpellerUnavailable(str(error)) from error
    voikko.setIgnoreDot(False)
    return VoikkoSpeller(voikko)


class VoikkoSpeller:
    """Callable like ``Speller``; ``suggest`` gives Voikko's corrections."""

    def __init__(self, voikko) -> None:
        self._voikko = voikko

    def __call__(self, word: str) -> bool:
        return bool(self._voikko.spell(word))

    def suggest(self, word: str) -> list[str]:
        return list(self._voikko.suggest(word) or [])


def load_wordlist(path: Path) -> set[str]:
    """Accepted words, one per line; # starts a comment; case does not matter."""
    if not path.is_file():
        return set()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word.casefold())
    return words


def unknown_words(text: str, spell: Speller, accepted: set[str]) -> list[str]:
    """Words of ``text`` the speller does not know and the word list does not accept.

    Placeholders ({region_name}), web and e-mail addresses and numbers are
    skipped; a word with digits (23-vuotiaana) is checked whole.
    """
    # "{region_age_limit}-vuotiaaksi" is checked as "1-vuotiaaksi".
    text = PLACEHOLDER.sub("1", text.replace("\\n", " "))
    text = URL_IN_TEXT.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = DOMAIN_NAME.sub(" ", text)
    unknown = []
    for match in WORD.finditer(text):
        word = match.group(0).strip("-'’:")
        if not re.search(r"[^\W\d_]", word) or _known(word, text[match.end():match.end() + 1] == ".", spell, accepted):
            continue
        if word not in unknown:
            unknown.append(word)
    return unknown


def _known(word: str, dot_follows: bool, spell: Speller, accepted: set[str]) -> bool:
    if word.casefold() in accepted or spell(word) or (dot_follows and spell(word + ".")):
        return True
    parts = [part for part in re.split(r"[-'’]", word) if part]
    if len(parts) > 1:
        return all(part.casefold() in accepted or spell(part) for part in parts)
    return False


def _spelling_findings(path: Path, texts: Iterable[tuple[Node, str]], spell: Speller,
                       accepted: set[str]) -> list[Finding]:
    findings = []
    suggest = getattr(spell, "suggest", None)
    for node, text in texts:
        words = unknown_words(text, spell, accepted)
        if words:
            shown = []
            for word in words:
                better = suggest(word)[:3] if suggest else []
                shown.append(f"{word} (ehkä {' / '.join(better)})" if better else word)
            findings.append(_warning(
                path, _line(node),
                "oikeinkirjoitus: tuntemattomat sanat: " + ", ".join(shown)
                + f". Korjaa, tai jos sana on oikein, lisää se tiedostoon {WORDLIST}.",
            ))
    return findings


def check_spelling(faq_files: dict[Path, Node | None], domain: tuple[Path, Node | None] | None,
                   wordlist: Path, speller: Speller | None = None) -> list[Finding]:
    """9. Unknown words in the FAQ answers and domain.yml's response texts (warnings)."""
    try:
        spell = speller or load_speller()
    except SpellerUnavailable as error:
        return [_error(
            None, None,
            f"oikoluku ei toimi: {error}. Oikoluku on osa tarkistusta, joten tarkistus ei mene läpi.",
        )]
    accepted = load_wordlist(wordlist)
    findings = []
    for path, node in faq_files.items():
        _, responses = _get(node, "responses")
        texts = []
        if isinstance(responses, MappingNode):
            for _, variations in responses.value:
                for variation in _items(variations):
                    _, text = _get(variation, "text")
                    if _text(text):
                        texts.append((text, _text(text)))
        findings += _spelling_findings(path, texts, spell, accepted)
    if domain is not None:
        path, node = domain
        texts = [(text, _text(text)) for _, text in _response_texts(node)]
        findings += _spelling_findings(path, texts, spell, accepted)
    return findings


# --- All together ----------------------------------------------------------------


def run_checks(root: Path = PROJECT_ROOT, today: date | None = None,
               speller: Speller | None = None, contacts: Path | None = None) -> list[Finding]:
    """Every content check on the content tree under ``root``.

    ``root`` has data/faq/, data/nlu/, content/ and domain.yml like the project.
    """
    today = today or date.today()
    findings = check_yaml(yaml_files(root))
    broken = {f.path for f in findings}

    def parsed(paths: Iterable[Path]) -> dict[Path, Node | None]:
        return {p: compose(p)[0] for p in sorted(paths) if p not in broken}

    faq = parsed((root / "data" / "faq").glob("*.yml"))
    nlu = parsed((root / "data" / "nlu").glob("*.yml"))
    for path, node in faq.items():
        findings += check_topic(path, node, today)
    findings += check_duplicates({**faq, **nlu}, root)
    findings += check_contacts(contacts or root / "content" / "safety" / "contacts.yml")
    domain_path = root / "domain.yml"
    domain = None
    if domain_path.is_file() and domain_path not in broken:
        domain = (domain_path, compose(domain_path)[0])
        findings += check_domain_texts(domain_path)
    findings += check_spelling(faq, domain, root / WORDLIST, speller)
    return findings


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    return f"Sisältö: {_count(errors, 'virhe', 'virhettä')}, {_count(warnings, 'varoitus', 'varoitusta')}."


def report(findings: list[Finding], root: Path = PROJECT_ROOT) -> list[str]:
    """Output lines: errors first, then warnings, each by file and line; then the summary."""
    def order(f: Finding):
        return (not f.is_error, _shown(f.path, root) if f.path else "", f.line or 0)

    return [f.format(root) for f in sorted(findings, key=order)] + [summary(findings)]


def main(root: Path = PROJECT_ROOT) -> int:
    """Print the findings; 1 when there is an error, else 0 (warnings do not fail)."""
    findings = run_checks(root)
    for line in report(findings, root):
        print(line)
    return 1 if any(f.is_error for f in findings) else 0
