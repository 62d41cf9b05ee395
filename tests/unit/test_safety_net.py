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
