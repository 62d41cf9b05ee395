"""Editors: topic files written back exactly, edits validated and recorded,
the editor pages (role, CSRF, preview, save, examples) and the publish steps
that do not need a Rasa server. Publishing into a real Rasa server is tested in
tests/integration/test_editor_publish.py."""
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.content import editing
from bot.content.topics import read_topic
from bot.services import publishing, workers
from bot.web import create_app
from tests.unit.test_dashboard import PASSWORD, login, token_from


@pytest.fixture
def content(tmp_path, monkeypatch):
    """A copy of the project's content that the editor may change."""
    root = tmp_path / "content-root"
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    shutil.copy(PROJECT_ROOT / "domain.yml", root / "domain.yml")
    shutil.copy(PROJECT_ROOT / "config.yml", root / "config.yml")
    monkeypatch.setenv("CONTENT_EDIT_DIR", str(root))
    return root


@pytest.fixture
def editor(db):
    return workers.create_worker("eeva@example.fi", "Eeva Editori", PASSWORD, "editor")


def test_every_topic_file_is_written_back_byte_for_byte():
    paths = sorted((PROJECT_ROOT / "data" / "faq").glob("*.yml"))
    assert len(paths) >= 40
    for path in paths:
        assert editing.render_topic(read_topic(path)) == path.read_text(encoding="utf-8"), path.name


def test_update_changes_only_the_file_and_records_who_and_what(content, editor):
    before = (content / "data/faq/age_limit.yml").read_text(encoding="utf-8")
    topic = editing.get_topic("age_limit")
    new = topic.answer.replace("Kysy omalta", "Kysy heti omalta")
    changed = editing.update_topic(
        "age_limit", editor.id, new, "\n".join(topic.sources) + "\nhttps://example.fi/uusi",
        mark_reviewed=True, today=date(2026, 12, 1),
    )
    assert changed == ["answer", "sources", "reviewed"]
    saved = editing.get_topic("age_limit")
    assert saved.answer == new and saved.sources[-1] == "https://example.fi/uusi"
    assert saved.reviewed == date(2026, 12, 1) and saved.examples == topic.examples
    after = (content / "data/faq/age_limit.yml").read_text(encoding="utf-8")
    diff = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(diff) == 3  # answer, the new source, the review date
    history = editing.list_changes("age_limit")
    assert {c.field for c in history} == {"answer", "sources", "reviewed"}
    assert all(c.editor == "Eeva Editori" for c in history)
    # the project's own files are untouched
    assert "Kysy heti omalta" not in (PROJECT_ROOT / "data/faq/age_limit.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("answer, message", [
    ("   ", "Vastaus on tyhjä"),
    ("sana " * 81, "liian pitkä: 81 sanaa"),
    ("Soita {numero}.", "Aaltosulkeissa voi olla vain alueen tieto"),
])
def test_bad_answers_are_refused_in_finnish_and_nothing_is_written(content, editor, answer, message):
    before = (content / "data/faq/age_limit.yml").read_text(encoding="utf-8")
    sources = "\n".join(editing.get_topic("age_limit").sources)
    with pytest.raises(editing.EditError, match=message):
        editing.update_topic("age_limit", editor.id, answer, sources, mark_reviewed=False)
    assert (content / "data/faq/age_limit.yml").read_text(encoding="utf-8") == before
    assert editing.list_changes("age_limit") == []


def test_sources_must_be_web_addresses(content, editor):
    answer = editing.get_topic("age_limit").answer
    with pytest.raises(editing.EditError, match="Lisää vähintään yksi lähde"):
        editing.update_topic("age_limit", editor.id, answer, "  \n", mark_reviewed=False)
    with pytest.raises(editing.EditError, match="ei ole verkko-osoite: www.kela"):
        editing.update_topic("age_limit", editor.id, answer, "www.kela", mark_reviewed=False)


def test_examples_are_added_once_and_never_to_two_topics(content, editor):
    editing.add_example("age_limit", "  mihin asti  mä saan jälkihuoltoo tääl  ", editor.id)
    assert editing.get_topic("age_limit").examples[-1] == "mihin asti mä saan jälkihuoltoo tääl"
    with pytest.raises(editing.EditError, match="Sama esimerkki on jo aiheessa"):
        editing.add_example("rent_deposit", "MIHIN ASTI MÄ SAAN JÄLKIHUOLTOO TÄÄL", editor.id)
    existing = editing.get_topic("own_flat").examples[0]
    with pytest.raises(editing.EditError, match="Sama esimerkki"):
        editing.add_example("age_limit", existing, editor.id)
    with pytest.raises(editing.EditError, match="Valitse aihe"):
        editing.add_example("../../etc/passwd", "moi", editor.id)
    with pytest.raises(editing.EditError):
        editing.add_example("age_limit", "/affirm", editor.id)
    import yaml

    yaml.safe_load((content / "data/faq/age_limit.yml").read_text(encoding="utf-8"))  # still valid


# --- the pages -------------------------------------------------------------


@pytest.fixture
def app(db, content):
    return create_app()


@pytest.fixture
def as_editor(app, editor):
    client = app.test_client()
    response = login(client, "eeva@example.fi")
    assert response.status_code == 302 and response.location.endswith("/editor/")
    return client


def test_only_editors_see_the_editor_pages(app, editor):
    workers.create_worker("aino@example.fi", "Aino Virtanen", PASSWORD)
    client = app.test_client()
    assert "/worker/login" in client.get("/editor/").location
    login(client, "aino@example.fi")
    for path in ("/editor/", "/editor/topics/age_limit", "/editor/publish", "/editor/unanswered"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.endswith("/worker/"), path
    editor_client = app.test_client()
    login(editor_client, "eeva@example.fi")
    assert editor_client.get("/worker/").location.endswith("/editor/")  # and not requests


def test_topic_list_shows_review_dates_and_sources(as_editor):
    page = as_editor.get("/editor/").get_data(as_text=True)
    assert "Kuinka kauan jälkihuolto kestää" in page
    assert re.search(r"Tarkistettu \d{1,2}\.\d{1,2}\.20\d\d\s+· \d+ lähdettä", page)
    assert "Alueen tieto" in page


def test_preview_fills_in_the_county_and_saves_nothing(as_editor, content):
    page = as_editor.get("/editor/topics/age_limit").get_data(as_text=True)
    text = "Alueellasi {region_name} raja on {region_age_limit}. <b>Kysy</b>. Säilytys {retention_days} pv."
    response = as_editor.post("/editor/topics/age_limit", data={
        "csrf_token": token_from(page), "answer": text, "sources": "https://example.fi/a",
        "action": "preview",
    })
    html = response.get_data(as_text=True)
    assert "Alueellasi Esimerkin hyvinvointialue raja on 23." in html
    assert "Säilytys 90 pv." in html
    assert "&lt;b&gt;Kysy&lt;/b&gt;" in html and "<b>Kysy" not in html
    assert "raja on {region_age_limit}" not in (content / "data/faq/age_limit.yml").read_text(encoding="utf-8")
    assert editing.list_changes("age_limit") == []


def test_save_writes_the_file_and_a_bad_answer_gets_a_clear_message(as_editor, content):
    page = as_editor.get("/editor/topics/age_limit").get_data(as_text=True)
    topic = editing.get_topic("age_limit")
    form = {"csrf_token": token_from(page), "sources": "\n".join(topic.sources), "action": "save"}
    response = as_editor.post("/editor/topics/age_limit", data={**form, "answer": "sana " * 90})
    assert "liian pitkä: 90 sanaa" in response.get_data(as_text=True)
    response = as_editor.post("/editor/topics/age_limit", data={**form, "answer": "Uusi vastaus. Kysy työntekijältä."},
                              follow_redirects=True)
    assert "Tallennettu. Muutos näkyy chatissa, kun julkaiset sen." in response.get_data(as_text=True)
    assert editing.get_topic("age_limit").answer == "Uusi vastaus. Kysy työntekijältä."
    changes = as_editor.get("/editor/changes").get_data(as_text=True)
    assert "Eeva Editori" in changes and "Uusi vastaus. Kysy työntekijältä." in changes


def test_saving_needs_a_csrf_token(as_editor, content):
    response = as_editor.post("/editor/topics/age_limit", data={"answer": "x", "sources": "", "action": "save"})
    assert response.status_code == 400


def test_publish_refuses_a_second_run_while_one_is_running(db, editor):
    first = publishing.start(editor.id)
    with pytest.raises(publishing.PublishBusy):
        publishing.start(editor.id)
    assert publishing.latest().id == first and publishing.latest().running


def test_publish_stops_at_broken_content_and_says_where(db, editor, content):
    (content / "data/faq/age_limit.yml").write_text("nlu:\n- intent: [rikki\n", encoding="utf-8")
    publication = publishing.start(editor.id)
    assert publishing.run(publication, root=content) is False
    latest = publishing.latest()
    assert latest.status == "failed" and "Sisällössä on virheitä" in latest.message
    assert "data/faq/age_limit.yml, rivi" in latest.message


def test_publish_page_shows_progress_and_failures(as_editor, editor):
    publication = publishing.start(editor.id)
    page = as_editor.get("/editor/publish").get_data(as_text=True)
    assert "Käynnissä:" in page and 'http-equiv="refresh"' in page
    assert "Julkaise muutokset" not in page  # no second start while running
    publishing._update(publication, None, status="failed", message="Mallin opettaminen epäonnistui.")
    page = as_editor.get("/editor/publish").get_data(as_text=True)
    assert "Ei julkaistu." in page and "Mallin opettaminen epäonnistui." in page
    assert "Julkaise muutokset" in page


def test_loading_into_a_rasa_that_is_down_is_explained(db):
    from bot.config import load_settings

    message = publishing._load(Path("/tmp/ei-ole.tar.gz"), load_settings())
    assert message.startswith("Rasa-palvelimeen ei saatu yhteyttä")


def test_a_published_model_is_loaded_into_every_rasa_server_in_turn(db, monkeypatch):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from bot.config import load_settings

    loaded: list[int] = []

    class FakeRasa(BaseHTTPRequestHandler):
        def do_PUT(self):  # noqa: N802 - http.server's naming
            self.rfile.read(int(self.headers["Content-Length"]))
            loaded.append(self.server.server_port)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    servers = [HTTPServer(("127.0.0.1", 0), FakeRasa) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports = [s.server_port for s in servers]
    try:
        monkeypatch.setenv("RASA_INSTANCE_URLS", " ".join(f"http://127.0.0.1:{p}" for p in ports))
        assert publishing._load(Path("/tmp/malli.tar.gz"), load_settings()) is None
        assert loaded == ports
        # the second server is down: said so, by number
        monkeypatch.setenv("RASA_INSTANCE_URLS", f"http://127.0.0.1:{ports[0]} http://127.0.0.1:9")
        message = publishing._load(Path("/tmp/malli.tar.gz"), load_settings())
        assert message.startswith("Rasa-palvelimeen 2 ei saatu yhteyttä")
    finally:
        for server in servers:
            server.shutdown()
