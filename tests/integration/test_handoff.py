"""Issue 6 end to end: the real Rasa server, action server and web app.

Accounts and young people are made with the CLI, the young person chats
through the REST channel (directly, and through the youth page that relays
to it), the worker uses the dashboard and the JSON API. All names are invented.
"""
from __future__ import annotations

import html
import re
import uuid
from datetime import date, timedelta

import pytest
import requests

from tests.integration.people import PASSWORD, Dashboard, cli

def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


class YouthPage:
    """The youth page (no JavaScript): one message at a time, like a phone browser."""

    def __init__(self, system):
        self.url = system.web_url
        self.http = requests.Session()

    def _bot_texts(self, page: str) -> str:
        blocks = re.findall(r'<div class="msg bot">(.*?)</div>', page, re.S)
        lines = [html.unescape(p) for block in blocks for p in re.findall(r"<p>(.*?)</p>", block, re.S)]
        return "\n".join(lines)

    def _token(self) -> str:
        page = self.http.get(f"{self.url}/chat", timeout=30).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def visit(self) -> str:
        return self._bot_texts(self.http.get(f"{self.url}/chat", timeout=60).text)

    def send(self, text: str) -> str:
        token = self._token() if not hasattr(self, "token") else self.token
        self.token = token
        response = self.http.post(f"{self.url}/chat", data={"message": text, "csrf_token": token}, timeout=60)
        assert response.status_code == 200, response.text[-500:]
        return self._bot_texts(response.text)


def api(system, token: str, path: str = "/api/handoffs") -> requests.Response:
    return requests.get(f"{system.web_url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=30)


@pytest.fixture(scope="module")
def team(system):
    suffix = uuid.uuid4().hex[:6]
    aino, bea = f"aino-{suffix}@example.fi", f"bea-{suffix}@example.fi"
    cli(system, "worker", "add", "--email", aino, "--name", "Aino Testinen", stdin=PASSWORD + "\n")
    cli(system, "worker", "add", "--email", bea, "--name", "Bea Kokeilu", stdin=PASSWORD + "\n")
    return {
        "aino": aino, "bea": bea,
        "aino_token": cli(system, "worker", "token", "--email", aino),
        "bea_token": cli(system, "worker", "token", "--email", bea),
    }


def test_link_handoff_api_reply_and_second_worker(system, team):
    code = cli(system, "youth", "add", "--worker", team["aino"], "--name", "Mira")
    assert re.fullmatch(r"[A-Z2-9]{7}", code)
    youth = YouthPage(system)

    greeting = youth.send(f"mun koodi on {code.lower()}")
    assert "Hei Mira!" in greeting and "Työntekijäsi on Aino." in greeting

    intro = youth.send("haluun puhua mun työntekijän kanssa")
    assert "Tehdään viesti työntekijällesi (Aino)" in intro
    assert "Mistä asiasta haluat kertoa" in intro
    message = "Mun vuokra on myöhässä <script>alert(1)</script> voitko auttaa 😟"
    assert "Miten haluat" in youth.send(message)
    assert "Kuinka kiireellinen" in youth.send("puhelu")
    summary = youth.send("tällä viikolla")
    assert message in summary and "Yhteydenotto: Puhelu" in summary
    assert "Kiire: Tällä viikolla" in summary and "Lähetetäänkö viesti?" in summary
    sent = youth.send("/affirm")
    assert "Viesti on lähetetty. Sen saa työntekijäsi Aino." in sent
    assert "ma–to klo 10–14" in sent  # office hours from the county file
    assert "112" in sent

    # JSON API: the worker's own list; the other worker gets nothing and 404
    [item] = api(system, team["aino_token"]).json()["handoffs"]
    assert item["message"] == message and item["youth_display_name"] == "Mira"
    assert (item["status"], item["urgency"]) == ("new", "week")
    assert api(system, team["bea_token"]).json() == {"handoffs": []}
    assert api(system, team["bea_token"], f"/api/handoffs/{item['id']}").status_code == 404
    assert api(system, team["aino_token"], f"/api/handoffs/{item['id']}").json()["id"] == item["id"]

    # the dashboard: escaped message, reply
    dashboard = Dashboard(system, team["aino"])
    page = dashboard.get(f"/worker/requests/{item['id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    other = Dashboard(system, team["bea"])
    assert other.get(f"/worker/requests/{item['id']}").status_code == 404
    reply = "Hei Mira! Soitan sulle torstaina klo 10. <b>t. Aino</b>"
    response = dashboard.post(f"/worker/requests/{item['id']}/reply", {"reply": reply})
    assert response.status_code == 200 and "Vastaus on lähetetty" in response.text

    # the next visit shows the reply in the chat, once
    shown = youth.visit()
    assert f"Sinulle on viesti työntekijältäsi. Aino kirjoittaa:\n{reply}" in shown
    assert reply not in youth.send("kiitos")
    assert "näytetty chatissa" in dashboard.get(f"/worker/requests/{item['id']}").text
    assert api(system, team["aino_token"]).json()["handoffs"][0]["status"] == "in_progress"


def test_linking_over_rest_and_a_crisis_while_writing(system, team):
    code = cli(system, "youth", "add", "--worker", team["aino"], "--name", "Leo")
    sender = f"rest-{uuid.uuid4().hex}"
    assert "Tämä koodi ei toimi" in texts(system.chat(sender, "AAAA222"))
    assert "Hei Leo!" in texts(system.chat(sender, code))
    assert "Mistä asiasta" in texts(system.chat(sender, "voitko yhdistää mut sossuun"))
    crisis = texts(system.chat(sender, "en jaksa enää, aion tappaa itteni tänään"))
    assert "112" in crisis and "Olen botti" in crisis
    assert "Haluatko, että omalle työntekijällesi menee tieto" in crisis
    told = texts(system.chat(sender, "kyllä"))
    assert "Lähetin työntekijällesi (Aino) tiedon" in told
    items = api(system, team["aino_token"]).json()["handoffs"]
    assert items[0]["urgency"] == "urgent" and items[0]["youth_display_name"] == "Leo"
    assert "hädässä" in items[0]["message"] and "tappaa" not in items[0]["message"]


def test_not_linked_gets_the_way_to_a_code_and_the_local_contact(system):
    reply = texts(system.chat(f"rest-{uuid.uuid4().hex}", "haluun puhua mun työntekijän kanssa"))
    assert "Pyydä häneltä koodi" in reply
    assert "Testilän jälkihuolto, puh. 040 123 0000" in reply


def test_stopping_sends_nothing(system, team):
    code = cli(system, "youth", "add", "--worker", team["bea"], "--name", "Noa")
    sender = f"rest-{uuid.uuid4().hex}"
    system.chat(sender, code)
    system.chat(sender, "laita viesti mun ohjaajalle")
    system.chat(sender, "haluun muuttaa omaan kämppään")
    assert "viestiä ei lähetetty" in texts(system.chat(sender, "lopeta"))
    assert api(system, team["bea_token"]).json() == {"handoffs": []}


def test_away_worker_sends_to_the_substitute(system):
    suffix = uuid.uuid4().hex[:6]
    carl, dana = f"carl-{suffix}@example.fi", f"dana-{suffix}@example.fi"
    cli(system, "worker", "add", "--email", carl, "--name", "Carl Poissa", stdin=PASSWORD + "\n")
    cli(system, "worker", "add", "--email", dana, "--name", "Dana Sijainen", stdin=PASSWORD + "\n")
    dana_token = cli(system, "worker", "token", "--email", dana)
    code = cli(system, "youth", "add", "--worker", carl, "--name", "Eeli")
    dashboard = Dashboard(system, carl)
    page = dashboard.get("/worker/away").text
    dana_id = re.search(r'<option value="(\d+)">Dana Sijainen</option>', page).group(1)
    today = date.today()
    last = today + timedelta(days=4)
    response = dashboard.post("/worker/away", {
        "from": today.isoformat(), "until": last.isoformat(), "substitute": dana_id,
    })
    assert "Poissaolo on tallessa" in response.text

    sender = f"rest-{uuid.uuid4().hex}"
    system.chat(sender, code)
    system.chat(sender, "haluun puhua mun työntekijän kanssa")
    system.chat(sender, "tarviin apua kelan hakemuksen kanssa")
    system.chat(sender, "vastaus tähän chattiin")
    system.chat(sender, "ei kiirettä")
    sent = texts(system.chat(sender, "/affirm"))
    assert f"Työntekijäsi Carl on poissa {last.day}.{last.month}.{last.year} asti" in sent
    assert "Sijaisesi on Dana." in sent
    [item] = api(system, dana_token).json()["handoffs"]
    assert item["message"] == "tarviin apua kelan hakemuksen kanssa"


def test_dashboard_forms_need_csrf_and_logins_lock(system, team):
    response = requests.post(
        f"{system.web_url}/worker/login", data={"email": team["aino"], "password": PASSWORD}, timeout=30
    )
    assert response.status_code == 400
    suffix = uuid.uuid4().hex[:6]
    email = f"lukko-{suffix}@example.fi"
    cli(system, "worker", "add", "--email", email, "--name", "Lukko Testi", stdin=PASSWORD + "\n")
    http = requests.Session()
    for _ in range(5):
        page = http.get(f"{system.web_url}/worker/login", timeout=30).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        http.post(f"{system.web_url}/worker/login",
                  data={"email": email, "password": "väärä-salasana", "csrf_token": token}, timeout=30)
    page = http.get(f"{system.web_url}/worker/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = http.post(f"{system.web_url}/worker/login",
                         data={"email": email, "password": PASSWORD, "csrf_token": token}, timeout=30)
    assert response.status_code == 401 and "lukittu" in response.text
