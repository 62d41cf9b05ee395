"""The worker dashboard, admin pages and JSON API through Flask's test client
on a real SQLite database. Includes the security checks of issue 6: lockout,
CSRF, escaping, and workers seeing only their own requests."""
import re

import pytest

from bot.services import handoffs, linking, workers
from bot.web import create_app

PASSWORD = "pitkä-salasana-1"


@pytest.fixture
def app(migrated_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", migrated_db)
    return create_app()


@pytest.fixture
def people(app):
    aino = workers.create_worker("aino@example.fi", "Aino Virtanen", PASSWORD)
    bea = workers.create_worker("bea@example.fi", "Bea Koski", PASSWORD)
    admin = workers.create_worker("admin@example.fi", "Ylla Pitaja", PASSWORD, "admin")
    youth = linking.add_youth(aino.id, "Mira")
    linking.redeem("chat-mira", youth.invite_code)
    request = handoffs.create_request(
        "chat-mira", "Apua <script>alert('x')</script> vuokran kanssa", "phone", "urgent"
    )
    return {"aino": aino, "bea": bea, "admin": admin, "request_id": request.id}


def token_from(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "every form carries a CSRF token"
    return match.group(1)


def login(client, email, password=PASSWORD):
    token = token_from(client.get("/worker/login").get_data(as_text=True))
    return client.post("/worker/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def as_aino(app, people):
    client = app.test_client()
    assert login(client, "aino@example.fi").status_code == 302
    return client


def test_pages_need_login(app, people):
    client = app.test_client()
    for path in ["/worker/", f"/worker/requests/{people['request_id']}", "/worker/youths",
                 "/worker/away", "/worker/admin/", "/worker/admin/audit"]:
        response = client.get(path)
        assert response.status_code == 302 and "/worker/login" in response.location, path


def test_wrong_password_gets_one_generic_answer(app, people):
    client = app.test_client()
    wrong = login(client, "aino@example.fi", "väärä-salasana")
    unknown = login(client, "nobody@example.fi", "väärä-salasana")
    assert wrong.status_code == unknown.status_code == 401
    assert "Sähköposti tai salasana on väärin." in wrong.get_data(as_text=True)
    assert "Sähköposti tai salasana on väärin." in unknown.get_data(as_text=True)


def test_repeated_wrong_passwords_lock_the_login(app, people):
    client = app.test_client()
    for _ in range(workers.MAX_FAILURES):
        login(client, "aino@example.fi", "väärä-salasana")
    response = login(client, "aino@example.fi")  # the right password, but locked
    assert response.status_code == 401
    assert "lukittu" in response.get_data(as_text=True)


def test_forms_need_a_csrf_token(app, people):
    client = app.test_client()
    response = client.post("/worker/login", data={"email": "aino@example.fi", "password": PASSWORD})
    assert response.status_code == 400
    assert "Lomake vanheni" in response.get_data(as_text=True)
    client = app.test_client()
    login(client, "aino@example.fi")
    response = client.post(f"/worker/requests/{people['request_id']}/reply", data={"reply": "hei"})
    assert response.status_code == 400
    assert handoffs.get_for_worker(people["aino"].id, people["request_id"]).replies == ()


def test_session_cookie_is_http_only(app, people):
    client = app.test_client()
    response = login(client, "aino@example.fi")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_list_shows_own_requests_and_script_is_escaped(as_aino, people):
    page = as_aino.get("/worker/").get_data(as_text=True)
    assert "Mira" in page and "Kiireellinen" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    page = as_aino.get(f"/worker/requests/{people['request_id']}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "Puhelu" in page


def test_another_worker_cannot_read_it_in_html(app, people):
    client = app.test_client()
    login(client, "bea@example.fi")
    assert "Mira" not in client.get("/worker/").get_data(as_text=True)
    assert client.get(f"/worker/requests/{people['request_id']}").status_code == 404
    token = token_from(client.get("/worker/youths").get_data(as_text=True))
    response = client.post(
        f"/worker/requests/{people['request_id']}/reply", data={"reply": "hei", "csrf_token": token}
    )
    assert response.status_code == 404


def test_admin_manages_accounts_but_does_not_read_requests(app, people):
    client = app.test_client()
    assert login(client, "admin@example.fi").location.endswith("/worker/admin/")
    for path in (f"/worker/requests/{people['request_id']}", "/worker/token", "/worker/youths"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.endswith("/worker/admin/"), path
    page = client.get("/worker/admin/").get_data(as_text=True)
    assert "aino@example.fi" in page
    token = token_from(page)
    response = client.post("/worker/admin/", data={
        "email": "cecilia@example.fi", "name": "Cecilia Uusi", "role": "worker", "csrf_token": token,
    })
    password = re.search(r'<code class="code">([^<]+)</code>', response.get_data(as_text=True)).group(1)
    assert workers.authenticate("cecilia@example.fi", password).worker is not None


def test_admin_gives_a_locked_worker_a_new_password(app, people):
    for _ in range(workers.MAX_FAILURES):
        workers.authenticate("aino@example.fi", "väärä-salasana")
    client = app.test_client()
    login(client, "admin@example.fi")
    page = client.get("/worker/admin/").get_data(as_text=True)
    response = client.post(f"/worker/admin/{people['aino'].id}/password",
                           data={"csrf_token": token_from(page)})
    password = re.search(r'<code class="code">([^<]+)</code>', response.get_data(as_text=True)).group(1)
    assert workers.authenticate("aino@example.fi", password).worker is not None
    assert workers.authenticate("aino@example.fi", PASSWORD).worker is None


def test_every_view_is_in_the_audit_log_that_admins_read(app, as_aino, people):
    as_aino.get(f"/worker/requests/{people['request_id']}")
    client = app.test_client()
    login(client, "admin@example.fi")
    page = client.get("/worker/admin/audit").get_data(as_text=True)
    assert "view_request_dashboard" in page and f"handoff:{people['request_id']}" in page
    assert "aino@example.fi" in page
    assert "vuokran" not in page  # no message text in the log


def test_reply_is_stored_when_the_rasa_server_is_down(as_aino, people):
    page = as_aino.get(f"/worker/requests/{people['request_id']}").get_data(as_text=True)
    response = as_aino.post(
        f"/worker/requests/{people['request_id']}/reply",
        data={"reply": "Soitan huomenna klo 10.", "csrf_token": token_from(page)},
        follow_redirects=True,
    )
    assert "Vastaus on lähetetty" in response.get_data(as_text=True)
    assert [r.text for r in handoffs.pending_replies("chat-mira")] == ["Soitan huomenna klo 10."]
    assert "Työn alla" in response.get_data(as_text=True)


def test_status_changes(as_aino, people):
    page = as_aino.get(f"/worker/requests/{people['request_id']}").get_data(as_text=True)
    as_aino.post(f"/worker/requests/{people['request_id']}/status",
                 data={"status": "done", "csrf_token": token_from(page)})
    assert "Mira" not in as_aino.get("/worker/").get_data(as_text=True)
    assert "Mira" in as_aino.get("/worker/?valmiit=1").get_data(as_text=True)


def test_youths_add_code_and_revoke(as_aino, people):
    page = as_aino.get("/worker/youths").get_data(as_text=True)
    response = as_aino.post("/worker/youths", data={"name": "Leo", "csrf_token": token_from(page)},
                            follow_redirects=True)
    code = re.search(r"Anna hänelle koodi (\w{7})", response.get_data(as_text=True)).group(1)
    assert linking.redeem("chat-leo", code).status == linking.LINKED
    leo = next(y for y in linking.list_youths(people["aino"].id) if y.display_name == "Leo")
    as_aino.post(f"/worker/youths/{leo.id}/revoke", data={"csrf_token": token_from(page)})
    assert linking.link_for("chat-leo") is None


def test_away_with_substitute(as_aino, people):
    page = as_aino.get("/worker/away").get_data(as_text=True)
    assert "Bea Koski" in page and "Ylla Pitaja" not in page  # admins are not substitutes
    from datetime import date, timedelta

    today = date.today()
    response = as_aino.post("/worker/away", data={
        "from": today.isoformat(), "until": (today + timedelta(days=3)).isoformat(),
        "substitute": str(people["bea"].id), "csrf_token": token_from(page),
    }, follow_redirects=True)
    assert "Poissaolo on tallessa" in response.get_data(as_text=True)
    created = handoffs.create_request("chat-mira", "toinen viesti", "chat", "week")
    assert created.to_substitute and created.worker_first_name == "Bea"


def test_logout_ends_the_session_even_for_a_copied_cookie(app, people):
    client = app.test_client()
    login(client, "aino@example.fi")
    stolen = client.get_cookie("session").value
    page = client.get("/worker/").get_data(as_text=True)
    client.post("/worker/logout", data={"csrf_token": token_from(page)})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/worker/").status_code == 302


# ---- JSON API -----------------------------------------------------------

def test_api_needs_a_bearer_token(app, people):
    client = app.test_client()
    assert client.get("/api/handoffs").status_code == 401
    assert client.get("/api/handoffs", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_api_lists_own_requests(app, people):
    token = workers.issue_api_token(people["aino"].id)
    response = app.test_client().get("/api/handoffs", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    [item] = response.get_json()["handoffs"]
    assert item["id"] == people["request_id"] and item["youth_display_name"] == "Mira"
    assert item["status"] == "new" and item["urgency"] == "urgent"
    assert item["message"].startswith("Apua <script>")  # JSON carries the text as is
    assert {"created_at"} <= set(item)


def test_api_other_workers_request_is_404(app, people):
    token = workers.issue_api_token(people["bea"].id)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/handoffs", headers=headers).get_json() == {"handoffs": []}
    response = client.get(f"/api/handoffs/{people['request_id']}", headers=headers)
    assert response.status_code == 404 and response.get_json() == {"error": "not found"}
    own = workers.issue_api_token(people["aino"].id)
    response = client.get(f"/api/handoffs/{people['request_id']}", headers={"Authorization": f"Bearer {own}"})
    assert response.status_code == 200 and response.get_json()["id"] == people["request_id"]


def test_youth_page_link_fills_in_the_code(app):
    page = app.test_client().get("/chat?code=k7pq2xw").get_data(as_text=True)
    assert "Koodini on K7PQ2XW" in page and "Paina Lähetä" in page
    assert "Koodini on K7PQ2XW" in app.test_client().get("/chat?koodi=K7PQ2XW").get_data(as_text=True)
    page = app.test_client().get("/chat?koodi=<script>").get_data(as_text=True)
    assert "<script>" not in page.split("<main")[1] and "ei ole kokonainen" in page
