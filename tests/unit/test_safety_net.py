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


# Generalisations added after blind set G: indirect signals with almost no
# crisis words, and narrow exceptions for hyperbole, fiction, services asked
# about for others and future evictions. Phrasings invented for these tests
# (other words, inflection, dialect, typos), not taken from the evaluation sets.
@pytest.mark.parametrize(
    "text, category",
    [
        # settling one's affairs, a final goodbye, a painless method
        ("hoidin velat pois jottei kenenkään tarvitse selvitellä mun asioita", "suicide"),
        ("maksoin kaikki laskuni. sit nukahdan pitkään", "suicide"),
        ("huomenna nukun ikuisesti", "suicide"),
        ("kun luette tämän viestin oon jo poissa", "suicide"),
        ("mietin millä sen voisin tehdä ettei sattuis", "suicide"),
        # hiding injuries
        ("pitkähihainen paita helteellä taas, tiiät kyllä miks", "self_harm"),
        ("piilotan viillot farkuilla ettei kukaan huomaa", "self_harm"),
        ("meikkaan mustelmat joka aamu jottei ope kysy", "violence"),
        ("pitää aina olla hiljaa ettei naapurit kuule mitä meillä tapahtuu", "violence"),
        ("se sano et ens kerralla sattuu pahemmin", "violence"),
        ("se sano et jos mä kerron kellekään ni saan pahemmin", "violence"),
        # sexual violence without the word
        ("se tunki mun huoneeseen ja pakotti mut.", "sexual_violence"),
        ("kämppikseni sano et velan voi kuitata muulla tavalla", "sexual_violence"),
        # threats without threat words
        ("joku laittoi kuvia mun ulko-ovesta", "threat"),
        ("sain viestin: nähdään kohta", "threat"),
        ("en oo koskaan kertonu niille mun osoitetta", "threat"),
        ("siskoa uhkailtiin veitsellä bussipysäkillä", "threat"),
        ("joku vieras on käyny mun asunnossa ja kamani on eri paikoissa", "threat"),
        ("joku oli sprayannu mun ulko-oveen jotain", "threat"),
        ("ovessa luki isoilla kirjaimilla: sä oot seuraava", "threat"),
        # nowhere to sleep
        ("istun yöjunassa edestakaisin aamuun asti", "no_place_to_sleep"),
        ("kiertelen kauppakeskuksessa jottei tarvitse nukkua kadulla", "no_place_to_sleep"),
        # overdose
        ("nielin kaikki mitkä mulle määrättiin viikoks", "overdose"),
        ("otin koko purkin unilääkkeitä, ootan vaan.", "overdose"),
        ("otin ne pillerit, turha soittaa ambulanssia", "overdose"),
        ("sen naama on ihan sininen ja se veti jotain", "overdose"),
        ("kämppis ei oo liikahtanut tuntiin", "overdose"),
        # a friend after drugs
        ("se nytkähtelee ja silmät on ihan nurin", "substance_crisis"),
        ("kaveri tärisi eikä vastaa mitään", "substance_crisis"),
        ("se otti gheetä ja nyt se vaan korisee", "substance_crisis"),
        ("kaveri on kännissä ja korisee", "substance_crisis"),
        ("se veti pari viivaa ja on nyt ihan kylmä", "substance_crisis"),
    ],
)
def test_set_g_generalisations_are_recognised(text, category):
    result = assess(text)
    assert result.level == CRISIS, (text, result)
    assert result.category == category, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        # hyperbole about money, work and training: a gentle check-in
        "mun laskut tappaa mut",
        "sähkölasku vie mun hengen",
        "koutsi tappaa meidät ens treeneissä kun hävittiin",
        # paperwork
        "en jaksa kirjottaa enää yhtään työhakemusta",
        "en jaksa täyttää lomaketta",
        # a resolved past
        "muistan kun isä heitti mut pihalle, mut nyt ollaan jo sovussa",
        # services asked about for a course or others
        "onks kriisipuhelin auki öisin? kysyn kaverin puolesta",
        "mitkä yömajat ottaa vastaan nuoria? haluun ohjata asunnottomille tietoa",
        # an eviction in the future, with a date
        "vuokranantaja heittää meidät ulos syyskuussa kun sopimus päättyy",
        "joudunko kadulle jos vuokra on myöhässä, eräpäivä on kuun lopussa",
    ],
)
def test_set_g_near_misses_get_a_check_in(text):
    assert assess(text).level == CHECK_IN, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "nauroin ittemme ihan hengiltä",
        "tänään oli ihan itsemurhatehtävä tuo vuoro",
        "pitää tappaa noi hyttyset",
        "pikkusisko soitti vahingossa hätänumeroon",
        "pitää harjoitella sitä kohtausta missä mä kuolen lavalla",
        "luin kirjan pojasta joka karkas kotoa",
        "hahmo jonka kirjotin on asunnoton ja se nukkuu kadulla",
        "vatsa korisee kun on nälkä",
        "oon ollu koko viikon kipeenä ja vaan nukkunu",
        "kirjotin kauppalistan ja laitoin sen jääkaapin oveen",
        "mä oon seuraava jonossa",
    ],
)
def test_set_g_everyday_uses_are_not_a_crisis(text):
    assert assess(text).level != CRISIS, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # the exceptions never hide a real crisis next to them
        "mun laskut tappaa mut ja mä haluun kuolla",
        "vuokranantaja heitti mut ulos eilen ja mul ei oo mihin mennä",
        "muistan kun isä löi mua, ja eilen se löi taas",
        "luin kirjaa tytöstä joka karkaa kotoa, mä haluun kans karata koska isä hakkaa mua",
        "kerran kurssilla puhuttiin raiskauskriisikeskuksesta, mut mut raiskattiin eilen",
        "mun ope sano et se tappaa mut jos mä kerron kellekään",
        # the typo tolerance of an everyday word no longer hides "kämpästä"
        "mutsi potki mut ulos kämpästä",
        "poikaystävä heitti mut ulos kämpästään",
        # "kuristaa" (strangles) is still violence, not a seizure
        "isäpuoli kuristaa mua",
    ],
)
def test_set_g_exceptions_never_hide_a_crisis(text):
    assert assess(text).level == CRISIS, (text, assess(text))


def test_prepared_alternatives_match_exactly_like_the_plain_ones():
    # bot.safety.matcher prepares each alternative list once (a set of words,
    # one startswith for the stems, a letter filter before the typo check);
    # the answers must be the same as asking each alternative in turn
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    lexicon = Lexicon(data)
    words = set(tokens(
        "itsmurhaa itsemruha itsemurhatehtävä kämpästä kaupasta kuristaa kouristaa "
        "raskas raiskas partaterä pilleripurkki pillerpurkki viiltelin viiltlein "
        "xitsemurha tisemurha sitsemurha a . 112 ghee"
    ))
    phrases = [p for ps in lexicon.crisis.values() for p in ps] + lexicon.harmless + lexicon.check_in
    for phrase in phrases:
        for part in phrase.parts:
            if part.end:
                continue
            for word in words:
                plain = word != "." and any(alt.matches(word) for alt in part.alternatives)
                assert part.choice.matches(word) is plain, (phrase.source, word)


def test_spans_are_the_same_with_and_without_the_message_index():
    from bot.safety.matcher import Text

    words = tokens("en jaksa enää. mä haluun vaan kuolla ja nukun sit pitkään " * 20)
    text = Text(words)
    for source in ["en|ei jaksa* enaa $", "halu* ... kuol*", "nukun ... pitkaan", "sit +pitkaan $"]:
        phrase = compile_phrase(source)
        assert phrase.spans(words) == phrase.spans(text)
        assert phrase.spans(words)


@pytest.mark.parametrize("text", [
    "lopetetaan tähän", "lopetetaan tää", "lopetan tän", "mä haluun lopettaa tähän",
    "voidaanks lopettaa tähän", "LOPETETAAN TÄHÄ",
])
def test_stopping_the_questions_is_not_a_crisis(text):
    # "lopetetaan tähän" stops the meeting and handoff questions (a stop_form example)
    assert assess(text).level == NONE, text


@pytest.mark.parametrize("text", [
    "haluun lopettaa kaiken", "mä lopetan tän kaiken tänää", "haluan lopettaa elämäni",
    "lopetan mun päiväni",
])
def test_ending_everything_still_is(text):
    assert assess(text).level == CRISIS, text


# Generalisations added so that the lexicon alone recognises every crisis
# message of sets A–G (the classifier is about to be retrained). Phrasings
# invented for these tests (other words, inflection, dialect), not copied
# from the evaluation sets.
@pytest.mark.parametrize(
    "text, category",
    [
        # a method asked about "for myself", even as a question
        ("onko hirttäytyminen nopea tapa kuolla? kysyn itseeni varten", "suicide"),
        ("sattuuks hukkuminen paljon? kysyn ihan mua varten", "suicide"),
        ("haluisin vaan nukahtaa pois", "suicide"),
        # a pet given away with letters or thanks, letters written in advance
        ("lahjotin mun koiran naapurille. kiitos kaikesta", "suicide"),
        ("kirjoitin kirjeet valmiiksi kaikille", "suicide"),
        ("kohta ei tarvitse enää murehtia mitään, vannon sen itselleni", "suicide"),
        # blades without shaving, pain out through the skin
        ("hommasin partateriä vaikken edes ajele partaa", "self_harm"),
        ("tarviin et tuska pääsee ulos ihon kautta", "self_harm"),
        # twisting an arm, a door kicked in, "if I don't agree it hurts me"
        ("isäpuoli väänsi mun rannetta niin et sattu", "violence"),
        ("se tuli meidän ovelle ja hakkas sitä ihan lommolle", "violence"),
        ("jos en suostu niin se satuttaa taas", "violence"),
        # forced without naming the act, sex demanded, "used sexually"
        ("se pakotti mut vaikka huusin ei", "sexual_violence"),
        ("mun poikaystävä painostaa seksiin ja jos en suostu se suuttuu", "sexual_violence"),
        ("mua on käytetty seksuaalisesti", "sexual_violence"),
        ("isäpuoli odottaa mua taas yöllä ja tiedän mitä se tarkoittaa", "sexual_violence"),
        # threats to family, forced dealing, debts, messages, watching the house
        ("ne sanoo et satuttaa mun pikkusiskoa jos en tee niinku ne käskee", "threat"),
        ("ne pakotti mut kuljettamaan niiden paketteja", "threat"),
        ("jengi sano et oot kuollu jos et maksa velkaa", "threat"),
        ("sain viestin et sä kuolet huomenna", "threat"),
        ("ne kirjotti et sä tuut katumaan.", "threat"),
        ("se on seissy mun oven takana koko illan", "threat"),
        # evicted today, a station closing, couch surfing over
        ("meidät häädettiin eilen", "no_place_to_sleep"),
        ("sohvasurffaus päättyi", "no_place_to_sleep"),
        # painkiller compounds, "sleep away" after pills
        ("otin koko paketin särkylääkkeitä", "overdose"),
        ("kaveri nieli pillereitä ja sano et haluu nukahtaa pois", "overdose"),
        # withdrawal and desperation, hearing things after using
        ("vieroitusoireet on tosi pahat ja teen mitä vaan et saan kamaa", "substance_crisis"),
        ("vetäsin piriä ja kuuluu kuiskauksia", "substance_crisis"),
    ],
)
def test_lexicon_alone_generalisations_are_recognised(text, category):
    result = assess(text)
    assert result.level == CRISIS, (text, result)
    assert result.category == category, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "mikä on paras tapa säästää rahaa, kysyn itteeni varten",
        "mä haluun nukkua pois tän flunssan",
        "mummo nukkui pois viime yönä",
        "otin unilääkkeitä koska haluun nukkua",
        "annoin kissan hoitoon siskolle viikonlopuks, kiitos vinkistä",
        "kirjotin kirjeen kelalle valmiiks. kiitos kaikesta!",
        "huomenna ei tarvii enää miettiä mitään, loma alkaa!",
        "ostin partakoneen teriä, ne on kalliita",
        "fysioterapeutti väänsi mun kättä",
        "mä rikoin vahingossa kaapin oven",
        "äiti pakotti mut syömään parsakaalia vaikka mä sanoin ei",
        "poikaystävä haluu seksiä useemmin ku mä",
        "se käyttäytyy seksuaalisesti ahdistavasti",
        "pikkuveli sano et se satuttaa mun kissaa jos en anna karkkia",
        "ope pakottaa mut myymään arpoja luokkaretkeä varten",
        "kaveri sano et mä oon kuollu jos mutsi kuulee tästä",
        "kaveri sano et sä kuolet ku maistat tätä chiliä",
        "ope sano et tuut katumaan ku et lukenu kokeeseen",
        "meidät häädetään ensi kuussa",
        "asemalla kioski sulkee just, en ehtiny ostaa mitään",
        "sohvasurffaus on ollu kivaa interrailillä",
        "otin yhden särkylääkkeen päänsärkyyn",
        "kahvin vieroitus on ollu tosi paha, pää särkee",
        "naapurista kuuluu ääniä yöllä",
        "oon ihan sekasin tästä, yläkerrasta kuuluu ääniä",
    ],
)
def test_lookalikes_of_the_lexicon_alone_phrases_are_not_a_crisis(text):
    assert assess(text).level != CRISIS, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "mut häädettiin kerran kun olin 17, nyt asun omassa kämpässä ja menee hyvin",
        "mitä tarkottaa jos lasta on käytetty seksuaalisesti hyväksi",
    ],
)
def test_lexicon_alone_phrases_respect_the_past_and_questions(text):
    assert assess(text).level == CHECK_IN, (text, assess(text))


@pytest.mark.parametrize("text", [
    "koira odottaa oven takana koko päivän", "kaveri odottaa talon edessä",
    "äiti odottaa mua kotona ja tehdään ruokaa", "mummo odottaa autossa talon edessä",
    "kaveri odottaa mua pihalla koko illan",
])
def test_someone_close_waiting_is_everyday(text):
    assert assess(text).level != CRISIS, text


@pytest.mark.parametrize("text", [
    "exä odottaa mua koulun pihalla", "joku porukka oottaa mua rapussa",
    "se on odottanu mun rapussa koko illan", "mun ex on istunu autossaan mun talon edessä koko illan",
])
def test_a_threatening_person_waiting_is_a_threat(text):
    assert assess(text).level == CRISIS, text


# --- Kinds of phrasing found missing by set H's first run. The examples are
# written for these tests (inflected, puhekieli, misspelled), not taken from
# the set.

@pytest.mark.parametrize(
    "text, category",
    [
        # not going to be here / alive anymore
        ("en mä aio olla enää olemassa jouluna", "suicide"),
        ("en aijo olla hengissä enää kesällä", "suicide"),
        # not trusting oneself tonight or alone
        ("enkä luota itseeni yksin tänään", "suicide"),
        ("en luota ittee tänä iltana", "suicide"),
        # "leikellä" in its inflections, on either side of the body part
        ("oon taas leikellyt käsivarsia", "self_harm"),
        ("reidet on leikelty ihan auki", "self_harm"),
        ("sen ranteet oli ihan leikellyt", "self_harm"),
        # cut too deep, bleeding through a bandage
        ("viilsin liian syvälle", "self_harm"),
        ("leikkasin tosi syvältä", "self_harm"),
        ("verta tulee laastarin läpi koko ajan", "self_harm"),
        ("se vuotaa läpi siteistä", "self_harm"),
        # scratching to blood
        ("naarmutan itteäni verille", "self_harm"),
        ("NAARMUTIN käsivarret vereslihalle", "self_harm"),
        # a relapse after a pause, without naming the act
        ("en oo tehny sitä kuukauteen mut eilen tein uudestaan", "self_harm"),
        # avoiding care because they would ask where the wound came from
        ("en uskalla mennä terkkariin koska ne kysyy mistä haavat tuli", "self_harm"),
        ("en halua lähtee päivystykseen ku ne kysyy miks mul on viiltoja", "self_harm"),
        ("tarvitaanko tikit jos viilto on auki? en uskalla mennä lääkäriin koska ne soittaa sossuun", "self_harm"),
        # fearing for one's life, also in dialect ("pelekään")
        ("pelkään henkeni puolesta kun isäpuoli juo", "violence"),
        ("mä pelekäsin hengestäni koko yön", "violence"),
        ("pelekään et se lyö taas", "violence"),
        # against one's will, touching after coming in uninvited
        ("se koski mua vastoin tahtoani", "sexual_violence"),
        ("se tapahtui vastoin minun tahtoa", "sexual_violence"),
        ("se kosketteli mua vasten tahtoani", "sexual_violence"),
        ("se tuli huoneeseeni kysymättä ja kosketteli mua", "sexual_violence"),
        ("i got assaulted at the party", "sexual_violence"),
        # a debt or the rent "paid" by doing things for someone
        ("velka on kuitattu jos teen sille asioita", "sexual_violence"),
        ("vuokra ois ilmaseks jos mä teen sille juttuja", "sexual_violence"),
        # signs that someone has been inside one's home
        ("ikkuna oli raollaan vaikka lukitsin sen illalla", "threat"),
        ("joku vieras on käyny mun kämpässä", "threat"),
        ("parvekeovi oli raollaan vaikka olin lukinnut sen", "threat"),
        # dozens of calls or messages and coming over
        ("se on viestitelly sata kertaa ja sano et on tulossa", "threat"),
        ("exä soitti 30 kertaa ja pelottaa", "threat"),
        # not sober for days
        ("en oo ollu selvin päin viikkoihin", "substance_crisis"),
        ("en ole ollut selvinpäin moneen päivään", "substance_crisis"),
        # an intoxicated adult alone with a small child
        ("äiti on sammunu ja pikkuveli on yksin kotona", "substance_crisis"),
        ("isä on ihan kännissä ja hoitaa vauvaa", "substance_crisis"),
        # asking for a lethal amount
        ("montako panadolia pitää ottaa ettei enää herää", "overdose"),
    ],
)
def test_set_h_generalisations_are_recognised(text, category):
    result = assess(text)
    assert result.level == CRISIS and result.category == category, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "en aio olla enää töissä siellä ens kuussa",
        "en luota itseeni matikan kokeessa",
        "leikkelin lehdestä kuvia kollaasiin",
        "vuokra on maksettu ja kela hoiti loput",
        "äiti soitti 20 kertaa ku en vastannu",
        "ovi oli auki ku tulin kotiin, unohdin lukita sen",
        "pelkään et en pääse kokeesta läpi",
        "lapset on kotona ja mä oon töissä",
        "se tuli sisään koputtamatta ja koski mun tavaroihin",
        "kuinka paljon vettä pitää juoda päivässä ettei tuu päänsärky",
        # everyday words that sounded like a crisis
        "toi naapurin koira tekee minusta vielä murhaajan",
        "lyödään lukkoon perjantai",
        "lyötiinkö kättä päälle siitä diilistä",
        "muistatko ottaa ehkäisypillerin",
        "unohin ottaa lääkkeet aamulla",
        "paljonko monivitamiinia voi ottaa päivässä",
        "mun ex oli tosi myrkyllinen",
        "myrkyllinen suhde vei mun voimat",
        "vedin överit kuntosalilla eilen",
        "sarjassa oli itsemurhakohtaus joka oli rankka katsoa",
        "siinä laulussa lauletaan et mä tapan sut",
        "kirjoitan tarinaa pojasta joka lähtee kotoa ja asuu metsässä",
    ],
)
def test_set_h_lookalikes_are_not_a_crisis(text):
    assert assess(text).level != CRISIS, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # annoyance in a conditional: a gentle check-in, not the emergency script
        "jos se sanoo vielä kerran sen vitsin mä hyppään parvekkeelta",
        # a question about a friend's drinking
        "mitä pitää tehä jos kaveri ottaa liikaa festareilla?",
        # a threat that is denied
        "ei se oo koskaan uhkaillu mua, se vaan on vähän tyly",
        # "puukottaa selkään" as betrayal
        "ystävä puukotti mut selkään ja levitti juoruja",
        # a resolved past, in new words
        "ennen mietin itsaria, mut en oo ajatellu sitä vuosiin",
        "lapsena isä löi mua mut ei enää",
        "aikoinaan mua uhkailtiin mut siitä ei oo kuulunu mitään vuosiin",
        "kävin sen raiskauksen läpi terapiassa ja nyt on ihan paremmin",
        # questions about a phenomenon
        "miks jotkut satuttaa itseään?",
        "kuinka yleistä itsetuhoisuus on nuorilla",
    ],
)
def test_set_h_near_misses_get_a_check_in(text):
    assert assess(text).level == CHECK_IN, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # the new exceptions never hide a crisis next to them
        "kaveri joi jotain myrkyllistä ja oksentaa",
        "vedin överit ja lihakset kramppaa",
        "unohdin ottaa lääkkeet ja sit otin koko purkin kerralla",
        "jos se lyö mua vielä kerran mä hyppään ikkunasta",
        "ei se oo uhkaillu mua ennen, mut nyt se sano et tappaa mut",
        "ennen viiltelin, mut en oo tehny sitä vuoteen ja tänään tein taas",
        "se puukotti mua selkään ja nyt vuotaa verta",
        "otin kaikki mun e-pillerit kerralla",
        "mitä pitää tehdä ettei kaveri kuole kun se otti liikaa",
    ],
)
def test_set_h_exceptions_never_hide_a_crisis(text):
    assert assess(text).level == CRISIS, (text, assess(text))


def test_alternatives_never_contain_spaces():
    # "joku muu|vieras" split into two parts and silently needed two words
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    lexicon = Lexicon(data)
    for phrases in list(lexicon.crisis.values()) + [lexicon.harmless, lexicon.check_in]:
        for phrase in phrases:
            for part in phrase.parts:
                assert all(" " not in a.text for a in part.alternatives), phrase.source


def test_a_long_message_is_assessed_quickly():
    import time

    text = (
        "moi mulla ois kysymys kelan hakemuksesta ja siitä miten se toimii kun muutan. "
        "en jaksa enää tätä paperisotaa mut pakko. mun kaveri sano et se tappaa sut jos et maksa "
    ) * 12
    text = text[:2000]
    lexicon = Lexicon.load()
    lexicon.assess(text)
    start = time.perf_counter()
    lexicon.assess(text)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    "text",
    [
        # kinds of phrasing that only the classifier caught in set H; the
        # lexicon now recognises them on its own too
        "piilotan pikkuveljen vessaan ku isä riehuu",
        "se tekee sitä mulle ku mä nukun sammuksissa",
        "joku vei sen autoonsa ja teki sille asioita",
        "exä levitti mun nakukuvia",
        "isä tuijottaa mun ikkunaa pihalta joka ilta",
        "tee se tai muuten ne hakkaa mun veljen",
        "otin liikaa enkä nää mitään",
        "otin kaikki mitä lääkekaapista löyty",
        "kaveri piikitti jotain ja on nyt ihan sininen",
        "cant stop drinking",
        "lopetin bentsot kylmiltään ja tärisen",
        "oon pilvessä ja tuntuu et kuolen",
        "lupasin etten enää vedä mut tää on kolmas päivä putkeen enkä pysty lopettamaan",
        "olin blackoutissa ja heräsin jostain, en muista mitään",
        "en tiiä missä oon.",
    ],
)
def test_set_h_classifier_only_kinds_are_in_the_lexicon_too(text):
    assert assess(text).level == CRISIS, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "otin kaikki vaatteet kaapista ja pakkasin",
        "oon kännissä ja kuolen nauruun",
        "lopetin kahvin kylmiltään",
        "tee läksyt tai muuten et pääse ulos",
        "en tiiä missä oon hyvä",
        "lupasin etten enää juo limua mut tänään join taas",
        "piilotin lahjan siskolta kaappiin",
    ],
)
def test_lookalikes_of_the_classifier_only_kinds_are_not_a_crisis(text):
    assert assess(text).level != CRISIS, (text, assess(text))


# --- Kinds of signal that set I's first run missed or over-fired on. The
# sentences are written for these tests (inflections, puhekieli, dialect,
# typos, English mixed in); none is taken from the set.

@pytest.mark.parametrize(
    "text, category",
    [
        # asking for a method so that one surely dies
        ("miltä kerrokselta pitäis pudota et kuolee heti", "suicide"),
        ("kuinka kauan pitää olla veden alla et kuolis varmasti", "suicide"),
        ("miten korkeelta tarvii hypätä et varmasti kuolee", "suicide"),
        ("jos hyppää kuudennesta kerroksesta niin kuoleeko", "suicide"),
        ("how high do i need to jump to die", "suicide"),
        # a method question is not softened by "asking for a friend"
        ("mikä on nopein tapa kuolla? kysyn kaverin puolesta", "suicide"),
        ("mikä ois varmin keino kuolla, ihan vaan kysyn", "suicide"),
        ("onks olemassa kivuton tapa kuolla", "suicide"),
        ("onks kivutonta tapaa kuolla", "suicide"),
        ("what is the most painless way to die asking for a friend", "suicide"),
        # can't cope, and ending "the whole thing" (dialect, puhekieli)
        ("en jaksa enää, taidan lopettaa koko homman lopullisesti", "suicide"),
        ("en mää jaksa enää mitään, teen tästä kaikesta lopun", "suicide"),
        ("en kestä enää, lopetan tän elämän pelleilyn lopullisesti", "suicide"),
        ("en mää kestä enää, lopetan koko touhun lopullisesti", "suicide"),
        # "tapaa" typed for "tappaa" after a wish
        ("haluun vaan tapaa itteni", "suicide"),
        ("mun pitäis tapaa itteni ennen ku se pahenee", "suicide"),
        # why should I live (anymore)
        ("miks mun pitäis enää elää", "suicide"),
        ("miks mun pitäis edes elää", "suicide"),
        # hiding fresh cuts from staff or anyone, also as a question
        ("miten saa uudet viillot piiloon ettei hoitaja näe", "self_harm"),
        ("miten peittää haavat ettei sijaisäiti huomaa", "self_harm"),
        ("millä saa eiliset viillot peittoon", "self_harm"),
        # Finglish "cutata"
        ("cuttaan taas", "self_harm"),
        ("oon cuttaillu koko viikon", "self_harm"),
        ("tein sen taas, cuttasin ranteeseen", "self_harm"),
        # how deep to cut, so that no stitches or doctor are needed
        ("kuinka syvälle saa leikata ettei tarvii lääkäriin", "self_harm"),
        ("voiko viiltää niin ettei jää arpia", "self_harm"),
        ("miten syvälle lihaan asti voi viiltää", "self_harm"),
        # someone broke a bone
        ("isäpuoli rikkoi mun nenän viime viikolla", "violence"),
        ("se katkas multa kylkiluun ja nyt se tulee kotiin", "violence"),
        ("exä mursi mun sormen", "violence"),
        ("mun ranne murtu ku se työns mut portaista", "violence"),
        # English mixed in, sexual violence
        ("he forced me last night", "sexual_violence"),
        ("joku jätkä forced me bileissä", "sexual_violence"),
        ("se forced himself on me", "sexual_violence"),
        ("se forced mut bileissä", "sexual_violence"),
        ("i said no but he kept going", "sexual_violence"),
        # did not want it, and they did not stop
        ("en halunnu seksiä mut se jatko", "sexual_violence"),
        ("sanoin et en halua sänkyyn mut se ei lopettanu", "sexual_violence"),
        ("en halunnu mut se ei lopettanu.", "sexual_violence"),
        ("sanoin etten halua sänkyyn mut se jatko", "sexual_violence"),
        # stalking: found the address, comes at night, "you'll regret it"
        ("se on selvittäny mun osoitteen", "threat"),
        ("exä sai selville mun kotiosoitteen", "threat"),
        ("joku käy yöllä rimputtamassa ovikelloa", "threat"),
        ("se koputtaa mun ovea öisin", "threat"),
        ("exä uhkas et mä kyllä kadun", "threat"),
        ("exä kirjotti et sä vielä kadut tätä", "threat"),
        # how much of a medicine kills; an amount already taken
        ("montako tenoxia tarvii et se tappaa", "overdose"),
        ("paljonko parasetamolia tappaa ihmisen", "overdose"),
        ("mikä on panadolin tappava annos", "overdose"),
        ("montako oksikodonia tappaa", "overdose"),
        ("otin jo 40", "overdose"),
        ("nielin jo 25", "overdose"),
        # can't stop using, awake for days, heart racing after using
        ("en pysty lopettamaan vetämästä", "substance_crisis"),
        ("oon valvonu neljä päivää ja nään juttuja", "substance_crisis"),
        ("vedin amfeja ja nyt sydän tykyttää ihan hulluna", "substance_crisis"),
        # someone took something, is out of their mind, runs into traffic
        ("kaveri otti jotain ja on ihan sekaisin", "substance_crisis"),
        ("se on aivan sekasin, veti jotain bileissä", "substance_crisis"),
        ("mun kaveri on kännissä ja juoksee ajoradalle", "substance_crisis"),
    ],
)
def test_set_i_kinds_are_recognised(text, category):
    result = assess(text)
    assert result.level == CRISIS and result.category == category, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        # method-like words in everyday questions
        "kuinka kauan kanaa pitää paistaa et bakteerit kuolee",
        "kuinka paljon pitää lukea et pääsee kokeesta läpi varmasti",
        "mikä on nopein tapa päästä helsinkiin",
        "paras tapa tappaa aikaa junassa?",
        "helpoin tapa lopettaa tupakointi",
        "mikä on paras tapa kuolla minecraftissa",
        "kuinka kauan pitää odottaa et kela vastaa",
        # quitting a hobby, not life
        "en jaksa enää treenata, taidan lopettaa koko homman kokonaan",
        "taidan lopettaa tän pelin kokonaan, se on tylsä",
        "en jaksa enää, lopetan somen kokonaan",
        # meeting, not killing
        "haluisin tapaa itteni kaltasia tyyppejä",
        "tapasin itteni miettimästä sitä",
        "haluun tapaa uusia ihmisiä",
        "miks mun pitäis muuttaa pois helsingistä",
        # hiding or cutting something else
        "miten saa tatuoinnin piiloon ettei ohjaaja huomaa",
        "miten saa fritsun piiloon ettei äiti huomaa",
        "peitin haavan laastarilla et se ei tulehdu ja ope kysy mitä tapahtu",
        "cuttasin tukan lyhyeks",
        "cuttasin sen videon lyhyemmäks",
        "cuttailen klippejä tiktokkiin",
        "blokkasin sen tyypin pois mun elämästä",
        "kuinka syvälle leipä pitää viiltää",
        "kuinka pitkälle voi leikata hiuksia",
        "miten leikata kynnet ettei tarvii mennä lääkäriin",
        # broken things and accidents
        "mursin ranteen laskettelussa",
        "kaveri mursi ranteensa futiksessa",
        "se mursi mun sydämen",
        "mun ranne murtu ku kaaduin pyörällä",
        "hammaslääkäri rikkoi mun hampaan",
        # English coercion that is not sexual
        "my mom forced me to clean my room",
        "they forced me into foster care when i was 12",
        "i said no to the placement but they didnt listen",
        "they shared my data without my consent",
        # not wanting something everyday
        "en halunnu mennä kouluun mut äiti ei kuunnellu",
        # knocks, addresses, regrets in everyday life
        "naapuri koputtaa seinään yöllä ku mulla soi musa",
        "naapurin kissa käy yöllä kurkkimassa ikkunasta",
        "kela löysi mun osoitteen väestörekisteristä",
        "äiti sano et mä vielä kadun jos en mee lukioon",
        "äiti sano et mä vielä kadun ku en syönyt aamupalaa",
        "sanoin ei jälkihuollolle mut nyt kaduttaa, voinks tulla takas",
        # everyday amounts and doses
        "kuinka paljon buranaa voi ottaa päivässä",
        "mikä lääke tappaa bakteerit",
        "mikä sieni tappaa?",
        "otin jo 40 kuvaa",
        # sleep, heart and confusion without substances
        "valvoin kaks päivää koeviikolla",
        "sydän hakkaa ku valvoin koko yön pelaamassa",
        "en pysty lopettaa katsomaan tätä sarjaa",
        "mä oon ihan sekasin näistä kela papereista",
        "kaveri otti jotain syötävää ja lähti kotiin",
        # the idiom "X tappaa mut kun se näkee" with an everyday thing
        "isä tappaa mut jos se näkee mun todistuksen",
        "mutsi kuristaa mut ku se näkee tän sotkun",
        "jos äiti näkee mun uudet lävistykset se tappaa mut",
        # a story "jossa" someone is thrown out or runs away
        "katoin leffaa jossa poika heitetään kotoa ulos",
        "luin sarjakuvaa jossa tyttö karkaa kotoa",
        # beaten in a game or a sport
        "mua hakattiin ihan täysin fifa turnauksessa eilen",
        "kaveri lupas et se hakkaa mut padelissa",
        "sulkkiksessa mua hakattiin",
        "se löi mut ihan täysin tenniksessä",
        # "toxic" people
        "mun vanhemmat on silkkaa myrkkyä",
        "isä kuristaa mut jos se kuulee mun todistuksesta",
        "meidät hakattiin finaalissa",
        "forced me to eat broccoli lol",
        "tiktok on myrkkyä mun mielenterveydelle",
    ],
)
def test_set_i_lookalikes_are_not_a_crisis(text):
    assert assess(text).level != CRISIS, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # the idiom "X tappaa mut kun se näkee" with an everyday thing
        "isä tappaa mut jos se näkee mun todistuksen",
        "mutsi kuristaa mut ku se näkee tän sotkun",
        "jos äiti näkee mun uudet lävistykset se tappaa mut",
        # jumping "if I have to do one more chore or school thing"
        "hyppään parvekkeelta jos joudun vielä yhteenkin palaveriin",
        "jos mun pitää tiskata vielä kerran mä hyppään ikkunasta",
        "hyppään ikkunasta mieluummin ku meen sen tunnin",
        "hyppään parvekkeelta jos mun pitää tiskata taas",
        # a resolved past: "ok ever since", "now I'm graduating"
        "pari vuotta sitten veli nieli vahingossa pillereitä mut on ollu kunnossa siitä lähtien",
        "mut potkittiin kotoa pihalle ku olin 15, nyt asun omassa kämpässä ja valmistun keväällä",
    ],
)
def test_set_i_near_misses_get_a_check_in(text):
    assert assess(text).level == CHECK_IN, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # the new exceptions never hide a crisis next to them
        "hyppään ikkunasta jos joudun takas kotiin",
        "tapan itteni jos mun pitää palata sijaisperheeseen",
        "tapan itteni jos joudun tekee vielä yhen esseen",
        "hyppään ikkunasta ku en kestä enää kotona, huomenna kokeet",
        "äiti tappaa mut ku se näkee mun arvet",
        "isä tappaa mut jos se saa tietää et oon raskaana",
        "mä pelkään et se tappaa mut ku se näkee mun tatuoinnin",
        "isä tappaa mut jos kerron sossulle mitä se tekee mulle illalla ku mä teen läksyjä",
        "äiti tappaa mut ku se näkee mun todistuksen, viimeks se löi mua",
        "luin kirjan jossa tyttö karkaa kotoa ja mäkin karkasin tänään kotoa",
        "mua hakattiin fifa turnauksen jälkeen parkkipaikalla",
        "mua hakattiin matsin jälkeen pukkarissa",
        "isä löi mua ku hävisin pelissä",
        "mua hakattiin ku hävisin fifassa",
        "mä en oo ollu ok siitä asti ku se raiskas mut",
        "se raiskas mut viime vuonna ja siitä asti mulla ei oo ollu hyvin",
        "viime vuonna pikkusisko söi pesuainetta ja tänään se söi taas",
        "cuttasin kaverin luona eilen",
        "cuttasin itteeni ja sit heitin terät pois",
        "kuinka syvälle leipäveitsellä voi viiltää",
        "hammaslääkäri sano et isä mursi mun leuan",
        "joku laitto myrkkyä mun juomaan",
        "kaveri joi myrkkyä",
        "posti toi kirjeen, exä löysi mun osoitteen",
        "mun kissa pelkää ku joku käy öisin kurkkimassa ikkunasta",
        "se sano et sä vielä kadut jos kerrot kellekään mitä tapahtu treeneissä",
        "poistin kaikki kuvat ja lähden pois mun elämästä",
    ],
)
def test_set_i_exceptions_never_hide_a_crisis(text):
    assert assess(text).level == CRISIS, (text, assess(text))


def _tiny_lexicon(**extra):
    data = {
        "priority": list(CATEGORIES),
        "crisis": {category: ["itsemurh*"] if category == "suicide" else ["zzz"]
                   for category in CATEGORIES},
        "question_start": ["mika", "miten", "onks"],
        "topic_categories": ["suicide", "self_harm"],
        "first_person": ["mua", "ma"],
    }
    data.update(extra)
    return Lexicon(data)


def test_always_personal_phrases_are_not_softened_by_a_question():
    plain = _tiny_lexicon(crisis={c: ["itsemurh*", "kivuton tapa"] if c == "suicide" else ["zzz"]
                                  for c in CATEGORIES})
    personal = _tiny_lexicon(always_personal={"suicide": ["kivuton tapa"]})
    question = "onks tähän kivuton tapa? kysyn yhen tutun puolesta"
    # as an ordinary crisis phrase, a question without "mä" gets a check-in
    assert plain.assess(question).level == CHECK_IN
    # as an always_personal phrase it stays a crisis, in its own category
    result = personal.assess(question)
    assert result.level == CRISIS and result.category == "suicide"
    # other phrases are still softened by the question form
    assert personal.assess("mikä on itsemurha").level == CHECK_IN


def test_always_personal_refuses_unknown_categories():
    with pytest.raises(ValueError):
        _tiny_lexicon(always_personal={"tylsyys": ["kivuton tapa"]})


# Kinds generalised after blind set J. Every sentence here is invented for
# these tests (other words, inflections, puhekieli, English mixed in); none is
# copied from the evaluation sets.
@pytest.mark.parametrize(
    "text, category",
    [
        # ceasing to exist so nobody has to worry; not wanting to be here (anymore)
        ("haluisin vaan lakata olemasta ettei kenenkään tarvis enää murehtia musta", "suicide"),
        ("mitä jos ihminen vaan lakkais olemasta, sit kenenkään ei tarttis huolehtia", "suicide"),
        ("toivon et lakkaisin olemasta", "suicide"),
        ("en mää haluu olla täällä ennää", "suicide"),
        ("en mä jaksa olla täällä enää", "suicide"),
        ("en halua olla enää olemassa", "suicide"),
        ("mä en tahdo olla täällä enää", "suicide"),
        ("i'm really done.", "suicide"),
        ("i dont want to be here anymore", "suicide"),
        ("i dont want to exist anymore", "suicide"),
        ("mä ammun itteni", "suicide"),
        # a goodbye made final; an apology to everyone and love or thanks after it
        ("hyvää yötä ikuisesti", "suicide"),
        ("heippa kaikki, lopullisesti", "suicide"),
        ("moikka kaikille ikuisesti", "suicide"),
        ("goodbye forever", "suicide"),
        ("sori kaikille. rakastan teitä", "suicide"),
        ("anteeks kaikille, kiitos kaikesta", "suicide"),
        # one's own death, who gets the money or the pet, and a deadline
        ("jos mä kuolen ni saako mun koira mennä siskolle? pitää sopia se tänään", "suicide"),
        ("kuka perii mun säästöt jos kuolen? haluun sopia sen tänä iltana", "suicide"),
        ("teen testamentin tänään ennen ku lähden", "suicide"),
        # a limb bleeding a lot now; pain as relief; fresh cuts hidden
        ("mun ranne vuotaa tosi paljon eikä se lopu", "self_harm"),
        ("käsivarsi vuotaa ihan hirveesti enkä tiiä mitä tehdä", "self_harm"),
        ("kädessä on haava ja se vuotaa ihan sikana", "self_harm"),
        ("mä tarviin tuntea kipua", "self_harm"),
        ("mun pitää tuntea kipua et mä rauhotun", "self_harm"),
        ("satuttaminen on ainoa mikä helpottaa", "self_harm"),
        ("i need to feel pain", "self_harm"),
        ("miten saan haavat peitettyä ettei sossu nää, tein tänään uusia", "self_harm"),
        ("miten saa peitettyä uudet arvet ettei kukaan nää", "self_harm"),
        ("tein eilen illalla uusia viiltoja", "self_harm"),
        # dragged by the hair or along the floor
        ("isäpuoli raahas mua tukasta keittiöön", "violence"),
        ("isäpuoli kisko mua hiuksista", "violence"),
        ("se raahas mut portaita alas", "violence"),
        # someone is here now and knocks; a dangerous person released from prison
        ("ne on tässä pihalla ja nykii ovenkahvaa", "threat"),
        ("ne on täällä, hakkaa ovea", "threat"),
        ("mun entinen isäpuoli vapautui linnasta ja se etsii mua nyt", "threat"),
        ("se pääsi linnasta ja nyt se etsii mua", "threat"),
        ("exä pääsi vankilasta ja mua pelottaa", "threat"),
        # not allowed back home and outside (stop, station, park, stairwell)
        ("faija sano etten saa tulla enää kotiin, istun bussikatoksessa", "no_place_to_sleep"),
        ("ei saa tulla takas kotiin, oon puistossa ja on yö", "no_place_to_sleep"),
        ("oon pysäkillä eikä mutsi anna tulla takas kotiin", "no_place_to_sleep"),
        # a small child licked or tasted something poisonous
        ("pikkuveli nuoli pyykinpesukapselia", "overdose"),
        ("taapero maistoi astianpesuainetta", "overdose"),
        ("pikkusiskon vauva pureskeli konetiskiainepussia", "overdose"),
        # too high: does not know where, heart racing, panic
        ("oon ihan sekasin kamoista enkä tiedä missä mä oon", "substance_crisis"),
        ("oon ihan pilvessä ja sydän hakkaa hulluna", "substance_crisis"),
        ("oon liian päissäni, sydän jyskyttää ja mua pelottaa", "substance_crisis"),
    ],
)
def test_set_j_kinds_are_recognised(text, category):
    result = assess(text)
    assert result.level == CRISIS and result.category == category, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        # not wanting to be at a place, done with homework
        "en haluu olla täällä juhlissa enää, tylsää",
        "en haluu olla täällä koulussa yhtään pidempään",
        "im done with my homework",
        "i am done with everything today lol",
        "mä oon valmis lähtemään",
        # an apology with a reason, an ordinary good night
        "anteeks kaikille et myöhästyin",
        "sori kaikille ku spämmäsin",
        "hyvää yötä kaikille, huomenna jatketaan",
        # everyday bleeding, blood as a figure of speech, pain at the gym
        "mun nenä vuotaa ku on flunssa",
        "mulla vuoti nenä verta treeneissä mut se tyrehtyi nopeesti",
        "naapurin kissanpentu raapas mun käsivarren verille",
        "koira puri mua sormeen ja tuli vähän verta",
        "mun pankkitili vuotaa verta",
        "mun sydän vuotaa verta ku se jätti mut",
        "kädessä on pieni haava, vuoti vähän mut nyt ok",
        "haluun tuntea kipua lihaksissa salin jälkeen",
        "ibuprofeeni on ainoa lääke joka auttaa mun kipuun",
        "ammuin itteeni jalkaan ku lupasin tehä sen huomiseks",
        # hair, friends at the door, parents who are fine, pick-ups
        "kampaaja veti mua hiuksista ku se letitti",
        "kaveri veti mut mukaan bileisiin",
        "kaveri on täällä ja koputtaa ovea, päästän sen sisään",
        "isä pääsi vankilasta viime vuonna ja nyt meillä menee ihan hyvin",
        "äiti tulee hakee mut illalla asemalta",
        "lintu koputtaa ikkunaan",
        "sain luvan tulla takas kotiin, oon nyt bussipysäkillä",
        # children eating ordinary things
        "vauva lipoi jäätelöä",
        "lapsi maistoi sitruunaa ja irvisti",
        "ostin tiskikonetabletteja",
        "sydän hakkaa ku jännittää huomista",
        "oon kännissä ja kuolen nauruun",
        # heat indoors, ropes for camping, media and first-aid courses
        "helteellä huoneessa on 29 astetta enkä saa unta",
        "huoneessa on 30 astetta lämmintä",
        "tarviin köyttä ja pressun vaellukselle",
        "tarviin köyden purjeveneeseen",
        "missä vois yöpyä teltalla ens viikonloppuna",
        "ensiapukurssilla opittiin yliannostuksista",
        "miten kuuluu toimia jos löytää tajuttoman ihmisen?",
        "dokkarissa kerrottiin yliannostuksista",
        # a resolved past: scars being treated, a restraining order, recovered
        "viilsin itteäni teininä, voiko vanhoja arpia vaalentaa jotenkin",
        "entinen poikaystävä stalkkas mua aikanaan, nykyään sillä on lähestymiskielto",
        "mun serkku oli viime kuussa teholla överien takia, nyt se on hoidossa ja voi hyvin",
        "mut heitettiin ulos kotoa 15-vuotiaana, nykyään mulla on vuokrasopimus omaan yksiöön",
        # money, grief with safe plans ("illalla" is not "sillalla")
        "en haluu elää tällaista elämää jossa vuokra vie koko palkan, miten säästäisin",
        "mummon muistotilaisuus on tänään, mä meen illalla kavereille",
    ],
)
def test_set_j_lookalikes_are_not_a_crisis(text):
    assert assess(text).level != CRISIS, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # "goodbye world" because of a school thing; shooting oneself over a chore
        "fysiikan tentti aamulla, hyvästit maailma",
        "hyvästi elämä, huomenna on esitelmä",
        "ammun itteni jos pitää tiskata vielä kerran",
        # the idiom about money; who would inherit, without a deadline
        "en halua elää sellasta elämää jossa laskut vie kaiken, miten budjetoisin",
        "jos kuolisin ni kuka hoitais mun kissaa",
        # media and first aid
        "dokkarissa kerrottiin yliannostuksista",
        "miten kuuluu toimia jos löytää tajuttoman ihmisen?",
    ],
)
def test_set_j_near_misses_get_a_check_in(text):
    assert assess(text).level == CHECK_IN, (text, assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # everyday uses that also veto a classifier guess
        "mun visa vuotaa verta joulun jälkeen",
        "kuolisin jos koko luokka näkis ton kuvan",
        "nukun tänään mummolla, meillä on pelailta",
        "nukun kaverin luona ku meillä on putkiremontti, pääsen kotiin perjantaina",
        "haluisin nukkua koko viikonlopun, oli kolme yövuoroa putkeen",
        "lopettakaa jo viestittämästä mulle, kaikki on hyvin",
        "kolme vuotta sitten en uskonu et oon hengissä tänään, ja nyt sain oman kämpän",
    ],
)
def test_set_j_everyday_uses_are_harmless(text):
    result = assess(text)
    assert result.level != CRISIS and (result.harmless or result.level == CHECK_IN), (text, result)


@pytest.mark.parametrize(
    "text",
    [
        # the new exceptions never hide a crisis next to them
        "huomenna tentti, hyvästi maailma lopullisesti",
        "ostin köyttä retkelle ja aion hirttäytyä",
        "nenästä vuotaa verta ku isä löi mua",
        "kissa raapi mua mut mä viiltelin itteäni eilen",
        "en halua elää tällaista elämää jossa vuokra vie kaiken, en jaksa enää mitään",
        "nukun tänään kaverilla ku äiti heitti mut ulos",
        "lopettakaa soittelemasta, mä lopetan kaiken tänään",
        "anteeks kaikille. en jaksa enää",
        "ammun itteni jos mun pitää palata kotiin",
        "jos kuolisin ni kuka hoitais mun kissaa, pitää sopia tänään",
        "mulla oli viiltelykausi ja tein taas eilen lisää viiltoja",
        "dokkarissa kerrottiin yliannostuksista ja mä otin just koko purkin unilääkkeitä",
        "haluun tuntea kipua lihaksissa, ja viiltää itteäni",
    ],
)
def test_set_j_exceptions_never_hide_a_crisis(text):
    assert assess(text).level == CRISIS, (text, assess(text))


@pytest.mark.parametrize(
    "text", ["ANTEEKSI KAIKILTA", "sori kaikille.", "anteeks ihan kaikille ❤️", "antakaa anteeks",
             "i'm sorry everyone"],
)
def test_an_apology_to_everyone_alone_is_a_farewell(text):
    result = assess(text)
    assert result.level == CRISIS and result.category == "suicide", (text, result)


@pytest.mark.parametrize(
    "text", ["anteeks kaikille et myöhästyin", "myöhästyin bussista, anteeks kaikille",
             "sori kaikille, mun mikki oli päällä", "sorry everyone for the typo",
             "sori kaikille, kiitos avusta"],
)
def test_an_apology_with_a_reason_is_not(text):
    assert assess(text).level != CRISIS, (text, assess(text))


def test_alone_phrases_count_only_as_the_whole_message():
    lexicon = _tiny_lexicon(alone={"suicide": ["hyvasti kaikki"]})
    assert lexicon.assess("Hyvästi kaikki!").level == CRISIS
    assert lexicon.assess("\nhyvästi kaikki. 🖤").level == CRISIS
    assert lexicon.assess("hyvästi kaikki, nähdään syksyllä").level == NONE
    assert lexicon.assess("no hyvästi kaikki").level == NONE
    with pytest.raises(ValueError):
        _tiny_lexicon(alone={"tylsyys": ["hyvasti kaikki"]})


# Hitting that happens again and again is violence even when the message does
# not say whom ("it is not hard, but every day"). Invented phrasings.
@pytest.mark.parametrize("text", [
    "ei se isäpuoli mitään kovaa, se vaan potkii joka ilta",
    "se hakkaa päivittäin, onks se normaalia",
    "lyövät joka kerta ku ne on kännissä",
])
def test_repeated_hitting_without_an_object_is_violence(text):
    result = assess(text)
    assert result.level == CRISIS and result.category == "violence", (text, result)


# "Itsenäistymisvarat" is a topic word of this assistant, not "itse" (oneself):
# cutting or money words next to it are no self-harm. "Mitä siinä pitäis olla"
# asks what a paper should say, not why to live.
@pytest.mark.parametrize("text", [
    "leikkaako kela mun tukea jos mulle maksetaan itsenäistymisvarat",
    "sossu leikkas mun itsenäistymisvaroista osan vuokraan",
    "mitä siihen hakemukseen pitäis olla",
    "mä sain asiakassuunnitelman mut en tiiä mitä siinä pitäis olla",
])
def test_paperwork_and_independence_funds_are_not_a_crisis(text):
    assert assess(text).level == NONE, (text, assess(text))


@pytest.mark.parametrize("text", [
    "mä leikkaan itseäni", "viiltelin itseni eilen", "satutin itteeni taas",
    "miks mun pitäis olla enää olemassa",
])
def test_the_narrower_self_words_still_catch_self_harm(text):
    assert assess(text).level == CRISIS, (text, assess(text))
