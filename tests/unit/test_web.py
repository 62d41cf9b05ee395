import re

import pytest

from bot.text import MAX_MESSAGE_CHARS
from bot.web import create_app


@pytest.fixture
def client(migrated_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", migrated_db)
    app = create_app()
    return app.test_client()


def csrf_token(client) -> str:
    page = client.get("/chat").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the form must carry a CSRF token"
    return match.group(1)


def test_youth_page_is_finnish_and_says_it_is_a_bot(client):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fi">' in page
    assert "chattibotti, ei ihminen" in page
    assert 'href="tel:112"' in page
    assert "Kukaan ei seuraa tätä chattia reaaliajassa" in page
    assert 'href="/tietosuoja"' in page


def test_youth_page_carries_the_widget_with_its_server(client):
    page = client.get("/", base_url="http://chat.example:8000").get_data(as_text=True)
    assert 'src="/static/widget.js"' in page
    assert 'data-server="http://chat.example:5005"' in page
    # without JavaScript, the plain chat page is one link away, with the code
    assert 'href="/chat"' in page
    assert 'href="/chat?code=K7PQ2XW"' in client.get("/?code=K7PQ2XW").get_data(as_text=True)


def test_widget_server_and_csp_follow_the_configuration(client, monkeypatch):
    monkeypatch.setenv("WIDGET_SERVER_URL", "https://rinnalla.example")
    response = client.get("/")
    assert 'data-server="https://rinnalla.example"' in response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "connect-src 'self' https://rinnalla.example wss://rinnalla.example;" in csp
    assert "script-src 'self';" in csp  # no inline scripts anywhere


def test_privacy_page_says_what_is_stored_and_how_to_clear_it(client):
    page = client.get("/tietosuoja").get_data(as_text=True)
    assert "Näin käsittelemme tietojasi" in page
    assert "Tyhjennä keskustelu tältä laitteelta" in page
    assert "Poistu nopeasti" in page


def test_plain_chat_page_says_it_is_a_bot(client):
    page = client.get("/chat").get_data(as_text=True)
    assert "Se ei ole ihminen" in page
    assert "Kukaan ei seuraa tätä keskustelua reaaliajassa" in page
    assert '<textarea id="message"' in page


def test_security_headers(client):
    assert "Set-Cookie" not in client.get("/").headers  # the widget page sets no cookie
    response = client.get("/chat")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_post_without_csrf_token_is_refused_in_finnish(client):
    response = client.post("/chat", data={"message": "moi"})
    assert response.status_code == 400
    assert "Lomake vanheni" in response.get_data(as_text=True)


def test_empty_message_gets_a_clear_answer(client):
    response = client.post("/chat", data={"message": "   ", "csrf_token": csrf_token(client)})
    assert response.status_code == 200
    assert "Kirjoita ensin viesti." in response.get_data(as_text=True)


def test_too_long_message_is_refused_and_kept(client):
    text = "pitkä viesti " * (MAX_MESSAGE_CHARS // 5)
    response = client.post("/chat", data={"message": text, "csrf_token": csrf_token(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "liian pitkä" in page
    assert text.strip() in page  # the text is still in the textarea


def test_rasa_down_keeps_the_message_and_gives_emergency_number(client):
    text = "<b>onks kukaan</b> siellä"
    response = client.post("/chat", data={"message": text, "csrf_token": csrf_token(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Botti ei juuri nyt vastaa" in page and "112" in page
    assert "&lt;b&gt;onks kukaan&lt;/b&gt; siellä" in page  # kept, and escaped
    assert "<b>onks" not in page


def test_healthz_reports_each_part_and_fails_when_something_is_down(client):
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["rasa"]["ok"] is False
    assert body["checks"]["action_server"]["ok"] is False


def test_healthz_database_down_when_not_migrated(monkeypatch, isolated_environment):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{isolated_environment / 'empty.db'}")
    body = create_app().test_client().get("/healthz").get_json()
    assert body["checks"]["database"] == {"ok": False, "detail": "migrations not applied"}


def test_unknown_page_is_a_finnish_404(client):
    response = client.get("/ei-ole")
    assert response.status_code == 404
    assert "Sivua ei löytynyt." in response.get_data(as_text=True)


# --- the printable "Minun asiani" page -------------------------------------


def test_printable_page_shows_the_answers_escaped_and_is_not_cached(client):
    from bot.services import meeting

    meeting.save_answer("nuori-w", "dreams", "Oma koira <script>alert(1)</script> ja kämppä")
    meeting.save_answer("nuori-w", "worry", None, skipped=True)
    token = meeting.create_share_link("nuori-w")
    response = client.get(f"/minun-asiani/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Minun asiani</h1>" in page
    assert "Oma koira &lt;script&gt;alert(1)&lt;/script&gt; ja kämppä" in page
    assert "<script>alert" not in page
    assert "Suurin huoli" in page and "(ohitettu)" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "@media print" in client.get("/static/site.css").get_data(as_text=True)


@pytest.mark.parametrize("token", ["wrong-token", "x" * 300])
def test_wrong_or_expired_link_says_so_in_finnish(client, token):
    response = client.get(f"/minun-asiani/{token}")
    assert response.status_code == 404
    assert "Linkki ei toimi" in response.get_data(as_text=True)


def test_expired_link_is_refused(client):
    from bot.services import meeting

    meeting.save_answer("nuori-x", "dreams", "x")
    token = meeting.create_share_link("nuori-x", days=-1)
    assert client.get(f"/minun-asiani/{token}").status_code == 404
