"""`make validate`'s content checks (bot/content/checks.py) on small content trees."""
import subprocess
from datetime import date

import pytest

from bot.config import PROJECT_ROOT
from bot.content import checks
from bot.content.checks import (
    MIN_EXAMPLES,
    check_contacts,
    load_speller,
    report,
    run_checks,
    unknown_words,
)

TODAY = date(2026, 11, 29)
CONTACTS = """\
reviewed: 2026-11-28
contacts:
  - name: Hätänumero
    number: "112"
    sources: [https://112.fi]
  - name: Päivystysapu
    number: "116 117"
    sources: [https://www.116117.fi]
  - name: MIELI Kriisipuhelin
    number: "09 2525 0111"
    sources: [https://mieli.fi]
  - name: Nollalinja
    number: "080 005 005"
    sources: [https://nollalinja.fi]
"""
DOMAIN = """\
version: "3.1"
responses:
  utter_greet:
    - text: "Hei! Olen botti. Kysy minulta jälkihuollosta."
"""


def topic_yaml(topic_id, examples=None, *, reviewed="2026-11-01", sources=("https://www.kela.fi/opiskelijat",),
               answer="Voit kysyä asiasta omalta sosiaalityöntekijältäsi.", county="false", title="Otsikko"):
    examples = examples if examples is not None else [f"{topic_id} kysymys numero {i}" for i in range(MIN_EXAMPLES)]
    lines = [
        'version: "3.1"',
        "nlu:",
        f"- intent: faq/{topic_id}",
        "  metadata:",
        f'    title: "{title}"',
    ]
    if reviewed is not None:
        lines.append(f'    reviewed: "{reviewed}"')
    lines.append(f"    county_dependent: {county}")
    lines.append("    sources:")
    lines += [f"    - {url}" for url in sources]
    lines.append("  examples: |")
    lines += [f"    - {example}" for example in examples]
    lines += ["responses:", f"  utter_faq/{topic_id}:", f'  - text: "{answer}"', ""]
    return "\n".join(lines)


def line_of(path, needle):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture(scope="session")
def speller():
    """Voikko; installed as `make validate` does when a fresh machine lacks it."""
    try:
        return load_speller()
    except checks.SpellerUnavailable:
        subprocess.run(["bash", str(PROJECT_ROOT / "scripts" / "setup-speller.sh")], check=True)
        return load_speller()


@pytest.fixture
def tree(tmp_path):
    """A small, valid content tree: two topics, one NLU file, contacts and a domain."""
    (tmp_path / "data" / "faq").mkdir(parents=True)
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "content" / "safety").mkdir(parents=True)
    (tmp_path / "data" / "faq" / "studies.yml").write_text(topic_yaml("studies"), encoding="utf-8")
    (tmp_path / "data" / "faq" / "own_flat.yml").write_text(topic_yaml("own_flat"), encoding="utf-8")
    (tmp_path / "data" / "nlu" / "smalltalk.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - moi\n    - hei\n', encoding="utf-8"
    )
    (tmp_path / "content" / "safety" / "contacts.yml").write_text(CONTACTS, encoding="utf-8")
    (tmp_path / "content" / "sanasto.txt").write_text("botti\n", encoding="utf-8")
    (tmp_path / "domain.yml").write_text(DOMAIN, encoding="utf-8")
    return tmp_path


def findings(root, speller):
    return [f.format(root) for f in run_checks(root, today=TODAY, speller=speller)]


def errors(root, speller):
    return [line for line in findings(root, speller) if line.startswith("VIRHE")]


def test_a_valid_tree_has_no_findings(tree, speller):
    assert findings(tree, speller) == []
    assert report([], tree) == ["Sisältö: 0 virhettä, 0 varoitusta."]


def test_broken_yaml_names_the_file_and_line(tree, speller):
    path = tree / "data" / "faq" / "studies.yml"
    text = path.read_text(encoding="utf-8").replace('    title: "Otsikko"', '    title: "Otsikko', 1)
    path.write_text(text, encoding="utf-8")
    # The title's quote is not closed (line 5); YAML notices it on the next line.
    assert errors(tree, speller) == [
        "VIRHE: data/faq/studies.yml, rivi 6: YAML-virhe: sisennys on väärin tai lainausmerkki jäi "
        "sulkematta. [while parsing a block mapping: expected <block end>, but found '<scalar>']"
    ]
    broken = tree / "content" / "region.yml"
    broken.write_text("name: x\n  age_limit: 23\n", encoding="utf-8")
    assert any(
        line.startswith("VIRHE: content/region.yml, rivi 2: YAML-virhe") for line in errors(tree, speller)
    )


def test_missing_sources_is_an_error_at_the_sources_line(tree, speller):
    path = tree / "data" / "faq" / "studies.yml"
    path.write_text(topic_yaml("studies", sources=()), encoding="utf-8")
    assert errors(tree, speller) == [
        f"VIRHE: data/faq/studies.yml, rivi {line_of(path, 'sources:')}: aiheella ei ole yhtään lähdettä: "
        "lisää sources-listaan vähintään yksi verkko-osoite."
    ]


def test_missing_title_review_date_county_and_answer(tree, speller):
    path = tree / "data" / "faq" / "studies.yml"
    text = topic_yaml("studies", reviewed=None, title="").replace("    county_dependent: false\n", "")
    text = text.split("responses:")[0]
    path.write_text(text, encoding="utf-8")
    found = "\n".join(errors(tree, speller))
    assert "aiheelta puuttuu otsikko (title)" in found
    assert "tarkistuspäivä puuttuu" in found
    assert "county_dependent puuttuu" in found
    assert "aiheelta puuttuu vastaus" in found
    assert f"studies.yml, rivi {line_of(path, 'metadata:')}: tarkistuspäivä puuttuu" in found


def test_too_few_examples_names_the_examples_line(tree, speller):
    path = tree / "data" / "faq" / "studies.yml"
    path.write_text(topic_yaml("studies", examples=["yksi", "kaksi"]), encoding="utf-8")
    [error] = errors(tree, speller)
    assert error.startswith(f"VIRHE: data/faq/studies.yml, rivi {line_of(path, 'examples:')}: liian vähän")
    assert f"2, vähintään {MIN_EXAMPLES}" in error


def test_too_long_answer_and_unknown_placeholder(tree, speller):
    path = tree / "data" / "faq" / "studies.yml"
    path.write_text(topic_yaml("studies", answer="sana " * 81 + "{region_nimi}"), encoding="utf-8")
    found = errors(tree, speller)
    assert any("vastaus on liian pitkä: 82 sanaa, enintään 80" in line for line in found)
    assert any("tuntematon paikkamerkki: {region_nimi}" in line for line in found)


def test_duplicate_example_in_two_files_names_both(tree, speller):
    studies = tree / "data" / "faq" / "studies.yml"
    own_flat = tree / "data" / "faq" / "own_flat.yml"
    examples = [f"studies kysymys numero {i}" for i in range(MIN_EXAMPLES)]
    own_flat.write_text(topic_yaml("own_flat", examples=examples[:1] + [f"oma {i}" for i in range(MIN_EXAMPLES)]),
                        encoding="utf-8")
    studies.write_text(topic_yaml("studies", examples=["  STUDIES   Kysymys numero 0"] + examples[1:]),
                       encoding="utf-8")
    [error] = errors(tree, speller)
    assert error.startswith(f"VIRHE: data/faq/studies.yml, rivi {line_of(studies, 'STUDIES')}: ")
    assert f"data/faq/own_flat.yml, rivi {line_of(own_flat, 'numero 0')} (faq/own_flat)" in error
    assert "sama esimerkki" in error


def test_duplicate_with_another_intent_in_data_nlu(tree, speller):
    examples = ["Moi"] + [f"studies kysymys numero {i}" for i in range(MIN_EXAMPLES)]
    path = tree / "data" / "faq" / "studies.yml"
    path.write_text(topic_yaml("studies", examples=examples), encoding="utf-8")
    [error] = errors(tree, speller)
    assert error == (
        f"VIRHE: data/nlu/smalltalk.yml, rivi 5: sama esimerkki \"moi\" on myös tiedostossa "
        f"data/faq/studies.yml, rivi {line_of(path, '- Moi')} (faq/studies). Sama lause saa olla "
        "vain yhdessä aiheessa: poista se toisesta."
    )


@pytest.mark.parametrize("url, problem", [
    ("htps://www.kela.fi", "https://"),
    ("https://kela", "palvelimen nimi"),
    ("www.kela.fi/opiskelijat", "https://"),
])
def test_bad_source_url_is_an_error(tree, speller, url, problem):
    path = tree / "data" / "faq" / "studies.yml"
    path.write_text(topic_yaml("studies", sources=(url,)), encoding="utf-8")
    [error] = errors(tree, speller)
    assert error.startswith(f"VIRHE: data/faq/studies.yml, rivi {line_of(path, url)}: lähde")
    assert problem in error


def test_source_with_a_space_and_bad_link_in_the_answer(tree, speller):
    path = tree / "data" / "faq" / "studies.yml"
    path.write_text(
        topic_yaml("studies", sources=('"https://www.kela.fi/opis kelijat"',),
                   answer="Lue lisää: https://kela/opiskelijat."),
        encoding="utf-8",
    )
    found = errors(tree, speller)
    assert any("välilyönti" in line for line in found)
    assert any(f"rivi {line_of(path, '- text:')}: vastaus: linkki https://kela/opiskelijat" in line for line in found)


def test_old_review_date_is_a_warning_not_an_error(tree, speller):
    path = tree / "data" / "faq" / "studies.yml"
    path.write_text(topic_yaml("studies", reviewed="2025-11-28"), encoding="utf-8")
    found = findings(tree, speller)
    assert found == [
        f"VAROITUS: data/faq/studies.yml, rivi {line_of(path, 'reviewed:')}: tarkista vastaus: viimeksi "
        "tarkistettu 2025-11-28, yli 12 kuukautta sitten. Päivitä sitten reviewed-päiväys."
    ]
    assert report(run_checks(tree, today=TODAY, speller=speller), tree)[-1] == "Sisältö: 0 virhettä, 1 varoitus."
    path.write_text(topic_yaml("studies", reviewed="2025-11-29"), encoding="utf-8")
    assert findings(tree, speller) == []


@pytest.mark.parametrize("reviewed, message", [("2026-12-01", "tulevaisuudessa"), ("28.11.2026", "VVVV-KK-PP")])
def test_future_or_unreadable_review_date_is_an_error(tree, speller, reviewed, message):
    (tree / "data" / "faq" / "studies.yml").write_text(topic_yaml("studies", reviewed=reviewed), encoding="utf-8")
    [error] = errors(tree, speller)
    assert message in error


def test_missing_crisis_contact_is_an_error(tree):
    path = tree / "content" / "safety" / "contacts.yml"
    path.write_text(CONTACTS.replace('number: "080 005 005"', 'number: "080 005 006"'), encoding="utf-8")
    [error] = [f.format(tree) for f in check_contacts(path)]
    assert error == (
        "VIRHE: content/safety/contacts.yml, rivi 2: kriisiyhteystieto puuttuu: Nollalinja 080 005 005. "
        "Se on pakollinen, koska hätävastaukset ohjaavat siihen."
    )
    path.unlink()
    [error] = [f.format(tree) for f in check_contacts(path)]
    assert error.startswith("VIRHE: content/safety/contacts.yml: kriisiyhteystietojen tiedosto puuttuu")


def test_speller_lists_an_unknown_word_but_not_correct_finnish(tree, speller):
    assert unknown_words("Jälkihuolto jatkuu {region_age_limit}-vuotiaaksi, katso https://kela.fi.", speller, set()) == []
    assert unknown_words("Hakemus kannattaa tehdä ajoissa, sanoi blörkkivaa.", speller, set()) == ["blörkkivaa"]
    assert unknown_words("Kysy Sekasin-chatista.", speller, {"sekasin"}) == []
    path = tree / "domain.yml"
    path.write_text(DOMAIN.replace("Kysy minulta", "Kysy zorblattelu"), encoding="utf-8")
    assert findings(tree, speller) == [
        "VAROITUS: domain.yml, rivi 4: oikeinkirjoitus: tuntemattomat sanat: zorblattelu. Korjaa, "
        "tai jos sana on oikein, lisää se tiedostoon content/sanasto.txt."
    ]
    (tree / "content" / "sanasto.txt").write_text("botti\nZorblattelu  # keksitty nimi\n", encoding="utf-8")
    assert findings(tree, speller) == []


def test_spelling_warnings_do_not_fail_but_a_missing_speller_does(tree, monkeypatch):
    def unavailable():
        raise checks.SpellerUnavailable("Voikko puuttuu")

    monkeypatch.setattr(checks, "load_speller", unavailable)
    [error] = errors(tree, None)
    assert error.startswith("VIRHE: oikoluku ei toimi: Voikko puuttuu")


def test_main_prints_one_line_per_finding_and_fails_only_on_errors(tree, speller, capsys):
    old = date.fromordinal(date.today().toordinal() - 400).isoformat()
    path = tree / "data" / "faq" / "studies.yml"
    path.write_text(topic_yaml("studies", reviewed=old), encoding="utf-8")
    assert checks.main(tree) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("VAROITUS: data/faq/studies.yml, rivi") and out[-1] == "Sisältö: 0 virhettä, 1 varoitus."
    path.write_text(topic_yaml("studies", reviewed=old, sources=()), encoding="utf-8")
    assert checks.main(tree) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("VIRHE: ") and out[1].startswith("VAROITUS: ")
    assert out[-1] == "Sisältö: 1 virhe, 1 varoitus."


def test_the_real_content_has_no_errors(speller):
    found = run_checks(PROJECT_ROOT, speller=speller)
    assert [f.format() for f in found if f.is_error] == []
