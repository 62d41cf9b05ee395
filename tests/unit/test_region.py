import pytest
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.content.nlg import RegionResponseGenerator
from bot.content.region import RegionFileError, load_region

GOOD = """\
name: "Testialue"
age_limit: 25
aftercare_contact: "jälkihuolto, puh. 040 000 0000"
office_hours: "ma–to klo 10–14"
social_emergency: "040 000 0001"
ombudsman: "sosiaaliasiavastaava, puh. 040 000 0002"
website: "https://testi.example/jalkihuolto"
"""


@pytest.fixture
def region_file(tmp_path, monkeypatch):
    path = tmp_path / "region.yml"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("REGION_FILE", str(path))
    return path


def test_the_shipped_region_file_is_valid():
    region = load_region()  # raises with a Finnish message when broken
    assert 18 <= region.age_limit <= 30


def test_example_values_are_recognised(region_file):
    region_file.write_text(GOOD.replace("Testialue", "Esimerkin hyvinvointialue"), encoding="utf-8")
    assert load_region().is_example


def test_placeholders(region_file):
    values = load_region().placeholders()
    assert values["region_age_limit"] == "25"
    assert values["region_name"] == "Testialue"
    assert not load_region().is_example


@pytest.mark.parametrize(
    "broken, message",
    [
        (GOOD.replace('age_limit: 25', 'age_limit: "kaksikymmentä"'), "age_limit"),
        (GOOD.replace('age_limit: 25', 'age_limit: 99'), "uskottava"),
        (GOOD.replace('website: "https://testi.example/jalkihuolto"\n', ""), "website"),
        (GOOD + "extra: 1\n", "tuntemattomia"),
        (GOOD.replace('name: "Testialue"', 'name: "Testi'), "rivi"),
    ],
)
def test_broken_region_file_is_explained_in_finnish(region_file, broken, message):
    region_file.write_text(broken, encoding="utf-8")
    with pytest.raises(RegionFileError) as error:
        load_region()
    assert message in str(error.value)
    assert str(region_file) in str(error.value)


def test_response_generator_fills_county_facts_and_slots(region_file):
    domain = Domain.from_dict(
        {
            "responses": {
                "utter_x": [{"text": "Alueella {region_name} raja on {region_age_limit}. {name}"}]
            },
            "slots": {"name": {"type": "text", "mappings": [{"type": "custom"}]}},
        }
    )
    generator = RegionResponseGenerator(EndpointConfig(type="x"), domain)
    filled = generator.generate_from_slots("utter_x", {"name": "Sini"}, "rest")
    assert filled["text"] == "Alueella Testialue raja on 25. Sini"
