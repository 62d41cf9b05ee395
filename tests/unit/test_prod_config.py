"""Parts of `python -m bot prod` that need no servers."""
from bot import prod


def test_configuration_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PROD_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("PROD_RASA_PORTS", "7001 7002 7003")
    monkeypatch.setenv("PROD_HTTP_PORT", "9090")
    config = prod.load_config()
    assert config.dir == tmp_path.resolve()
    assert config.rasa_urls == [f"http://127.0.0.1:{p}" for p in (7001, 7002, 7003)]
    assert config.local_url == "http://127.0.0.1:9090"
    assert config.log("nginx") == tmp_path.resolve() / "logs" / "nginx.log"


def test_a_failed_start_shows_the_last_started_and_the_failed_process_logs(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setenv("PROD_VAR_DIR", str(tmp_path))
    config = prod.load_config()
    (tmp_path / "logs").mkdir()
    for name in prod.ORDER:
        config.log(name).write_text(f"log of {name}\n", encoding="utf-8")
    started = prod.ORDER[:3]
    prod._print_failure_logs(config, {"processes": {name: 1 for name in started}})
    printed = capsys.readouterr().out
    assert f"log of {started[-1]}" in printed
    assert f"log of {prod.ORDER[3]}" in printed
    assert f"log of {started[0]}" not in printed
    assert f"log of {prod.ORDER[4]}" not in printed
