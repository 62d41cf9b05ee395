"""The deterministic crisis safety net: matcher, lexicon and assessment.

Examples here are written for these tests; the evaluation sets in
tests/safety/ are measured by `make eval`, not asserted one by one here.
"""
import pytest
import yaml

from bot.safety.categories import CATEGORIES
from bot.safety.matcher import compile_phrase, expand_groups, tokens, within_one_edit
from bot.safety.net import CHECK_IN, CRISIS, LEXICON_FILE, NONE, Lexicon, assess
from bot.safety.normalize import fold


def test_fold_handles_caps_umlauts_and_stretched_letters():
    assert fold("EN JAKSA ENÄÄÄÄ") == "en jaksa enaa"
    assert fold("haluuuuun") == "haluun"


def test_sentence_breaks_are_kept_as_tokens():
    assert tokens("En jaksa. Moi!") == ["en", "jaksa", ".", "moi", "."]


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("itsemurha", "itsmurha", True),  # a letter missing
        ("itsemurha", "itsemurhaa", True),  # one extra
        ("itsemurha", "itsemruha", True),  # two swapped
        ("itsemurha", "itsemurxa", True),  # one wrong
        ("itsemurha", "itsmruha", False),  # two mistakes
    ],
)
def test_one_edit(a, b, expected):
    assert within_one_edit(a, b) is expected


def spans(phrase, text):
    return compile_phrase(phrase).spans(tokens(text))


def test_stem_alternatives_and_gap():
    assert spans("halu*|tahdo* kuol*", "mä haluun vaan kuolla") == [(1, 4)]
    assert spans("halu*|tahdo* kuol*", "mä haluun syödä jäätelöä ja kuolla") == []  # gap too long
    assert spans("halu* ... kuol*", "mä haluun syödä jäätelöä ja kuolla") == [(1, 6)]


def test_adjacent_part_and_end_of_sentence():
    assert spans("ei +oo mihin", "ei oo mihin mennä")
    assert not spans("ei +oo mihin", "ei kyllä oo mihin mennä")
    assert spans("en jaksa enää $", "en jaksa enää. huomenna taas")
    assert not spans("en jaksa enää $", "en jaksa enää tätä koulua")


def test_long_words_match_with_one_typo_short_ones_do_not():
    assert spans("itsemurh*", "mietin itsmurhaa")
    # "raiska*" is short: one typo would turn it into "raskas" (heavy)
    assert not spans("raiska*", "tää kevät on ollu raskas")


def test_bad_phrases_are_refused():
    with pytest.raises(ValueError):
        compile_phrase("$ alussa")
    with pytest.raises(ValueError):
        compile_phrase("sana-väli")
    with pytest.raises(ValueError):
        expand_groups("@puuttuu kuol*", {})


def test_groups_expand():
    assert expand_groups("@me lyö", {"me": "mua|mut"}) == "mua|mut lyö"


def test_lexicon_file_is_complete():
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    assert set(data["crisis"]) == set(CATEGORIES)
    for category, phrases in data["crisis"].items():
        assert phrases, category
    Lexicon(data)  # every phrase compiles


def test_lexicon_refuses_unknown_categories():
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    data["crisis"]["weather"] = ["sataa"]
    with pytest.raises(ValueError):
        Lexicon(data)


@pytest.mark.parametrize(
    "text, category",
    [
        ("MÄ HALUUN KUOLLA", "suicide"),
        ("en jaksa enää", "suicide"),
        ("en jaksa elaa enaa", "suicide"),
        ("tapan itteni tänä yönä", "suicide"),
        ("kaikki olis parempi ilman mua", "suicide"),
        ("haluisin vaan nukahtaa enkä herätä ikinä", "suicide"),
        ("mä viiltelin taas", "self_harm"),
        ("mun isäpuoli hakkaa mua", "violence"),
        ("mä en uskalla mennä kotiin", "violence"),
        ("se pakotti mut seksiin", "sexual_violence"),
        ("mun ex uhkailee mua koko ajan", "threat"),
        ("joku seuraa mua kotiin", "threat"),
        ("mulla ei oo yöpaikkaa", "no_place_to_sleep"),
        ("mut heitettiin pihalle enkä tiiä missä nukun", "no_place_to_sleep"),
        ("otin kaikki mun lääkkeet kerralla", "overdose"),
        ("mun kaveri ei herää", "overdose"),
        ("oon ollu kolme päivää putkeen päissäni", "substance_crisis"),
    ],
)
def test_crisis_messages_are_recognised(text, category):
    result = assess(text)
    assert result.level == CRISIS, (text, result)
    assert result.category == category


def test_the_most_urgent_category_decides():
    result = assess("mun poikaystävä löi mua ja nyt mä otin kaikki pillerit kerralla")
    assert result.category == "overdose"


@pytest.mark.parametrize(
    "text",
    [
        "tää koulu tappaa mut",
        "matikka tappaa mut oikeesti",
    ],
)
def test_hyperbole_about_stress_gets_a_check_in(text):
    assert assess(text).level == CHECK_IN


@pytest.mark.parametrize(
    "text",
    [
        "kuolen nauruun",
        "puhelimen akku kuoli",
        "tapan aikaa ennen bussia",
        "lyödään vetoa",
        "viilsin sormeen paperilla",
        "hyppäsin bussiin",
        "mikä on nollalinja",
        "mutsi tappaa mut jos mä myöhästyn taas",
    ],
)
def test_everyday_words_are_not_a_crisis(text):
    assert assess(text).level != CRISIS


def test_crisis_inside_hyperbole_is_still_a_crisis():
    assert assess("tää koulu tappaa mut ja mä haluun kuolla").level == CRISIS


def test_a_resolved_past_gets_a_check_in_but_a_relapse_does_not():
    assert assess("ennen viiltelin mut nyt menee tosi hyvin").level == CHECK_IN
    assert assess("ennen viiltelin mut nyt menee hyvin. eilen viiltelin taas").level == CRISIS


def test_a_question_about_others_is_not_a_crisis_but_about_oneself_is():
    assert assess("mitä tehdä jos kaveri puhuu itsarista").level == CHECK_IN
    assert assess("mitä teen kun mun poikaystävä lyö mua").level == CRISIS


def test_empty_and_wordless_messages():
    assert assess("").level == NONE
    assert assess("🙂🙂").level == NONE


# Generalisations added after blind set F (inflection, puhekieli and dialect,
# missing umlauts, English mixed in, indirect signals). Phrasings invented for
# these tests, not taken from the evaluation sets.
@pytest.mark.parametrize(
    "text, category",
    [
        # indirect suicide signals: preparations, not coming back, the last night
        ("hankin jo kaiken mitä tarvitsen", "suicide"),
        ("musta tuntuu et tää on nyt siinä", "suicide"),
        ("lähen huomenna mettään enkä tuu takasin", "suicide"),
        ("ill go to the lake and im never coming back", "suicide"),
        ("tämä ilta jää mun viimoseks", "suicide"),
        ("tonight will be my last", "suicide"),
        ("tallissa moottori käynnissä ja ovet suljettu", "suicide"),
        ("johdin letkulla pakokaasut autoon", "suicide"),
        # self-harm: reopening wounds, dialect, English
        ("revin taas rupia auki", "self_harm"),
        ("pitäis tehä ittelleen kipiää", "self_harm"),
        ("been cuttin agn", "self_harm"),
        ("cut my wrist again", "self_harm"),
        # reversed word order, dialect pronouns
        ("himaan en uskalla mennä", "violence"),
        ("se hakkas miuu taas", "violence"),
        ("alapäähän sattuu edelleen sen jälkeen", "sexual_violence"),
        ("jos todistan oikeudessa ni mulle käy pahasti", "threat"),
        ("homeless nyt, mitä teen", "no_place_to_sleep"),
        # inhalants
        ("imppasin deodoranttia ja huimaa", "overdose"),
        ("haistelin liuotinta", "overdose"),
        # a chore word after a sentence break does not hide "en jaksa enää"
        ("en jaksa enää. lunta tulee koko ajan", "suicide"),
    ],
)
def test_generalised_crisis_phrasings(text, category):
    result = assess(text)
    assert result.level == CRISIS, (text, result)
    assert result.category == category


@pytest.mark.parametrize(
    "text",
    [
        # "en jaksa (enää) + a chore or the weather": a check-in, not an emergency
        "en jaksa enää imuroida",
        "en jaksa tätä loskaa enää",
        "en jaksa tiskata enää",
        # a resolved past: experienced years ago, or now "oli ihan ok"
        "koin seksuaalista väkivaltaa vuosia sitten ja haluisin puhua siitä",
        "otin kerran nuorempana liikaa pillereitä, nyt se oli ihan ok puhua siitä",
    ],
)
def test_generalised_near_misses_get_a_check_in(text):
    assert assess(text).level == CHECK_IN, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # hyperbole with a harmless object
        "en voi elää ilman mun kuulokkeita",
        "vois kuolla tylsyyteen tällä luennolla",
        "ihan murhaava tahti tällä viikolla",
        "mun korvat vuotaa verta tosta biisistä",
        "ois ihan itsari lähtee pyöräilee tällä kelillä",
        # news about others, rights questions
        "näin lehdestä et kaks nuorta ammuttiin",
        "mitkä oikeudet mulla on jos vartija pysäyttää",
    ],
)
def test_generalised_hyperbole_and_news_are_harmless(text):
    result = assess(text)
    assert result.level == NONE and result.harmless, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "ostin kaiken mitä tarvitsin leirille",
        "lähen mökille enkä tuu ennen sunnuntaita",
        "tää ilta on viimeinen ennen lomaa",
        "today is my last day at work",
        "i cut my hair again",
        "auto on tallissa ja moottori käy oudosti",
        "jos mun todistus on huono ni mulle käy huonosti",
    ],
)
def test_everyday_look_alikes_of_the_new_phrases_are_not_a_crisis(text):
    assert assess(text).level != CRISIS, (text, assess(text))
