"""The pure parts of `python -m bot.bench`: statistics, /proc parsing, the
message scripts, the report and the doc section (no system is started)."""
from __future__ import annotations

import asyncio
import itertools
import random
import socket

import pytest

from bot import bench
from bot.bench import (
    DOC_END,
    DOC_START,
    LoadResult,
    MemorySampler,
    Proc,
    ProcessStats,
    Running,
    SystemResult,
)

STATUS_TEXT = """\
Name:\tpython
Umask:\t0022
State:\tS (sleeping)
Pid:\t4242
PPid:\t1
VmPeak:\t 5123456 kB
VmSize:\t 5000000 kB
VmHWM:\t 2082508 kB
VmRSS:\t 1536000 kB
Threads:\t42
"""


def _stat_line(pid: int, comm: str, ppid: int, utime: int, stime: int, starttime: int) -> str:
    # Fields 3.. of /proc/<pid>/stat; field 14 utime, 15 stime, 22 starttime.
    fields = ["S", str(ppid)] + ["0"] * 9 + [str(utime), str(stime)] + ["0"] * 6 + [str(starttime)]
    fields += ["0"] * 10
    return f"{pid} ({comm}) " + " ".join(fields) + "\n"


def _fake_proc(tmp_path, processes: dict[int, dict], uptime: float = 1000.0) -> Proc:
    root = tmp_path / "proc"
    root.mkdir()
    (root / "uptime").write_text(f"{uptime:.2f} 1900.00\n")
    for pid, info in processes.items():
        folder = root / str(pid)
        folder.mkdir()
        folder.joinpath("stat").write_text(
            _stat_line(pid, info.get("comm", "python"), info["ppid"], info.get("utime", 0),
                       info.get("stime", 0), info.get("starttime", 0))
        )
        folder.joinpath("status").write_text(
            f"Name:\tpython\nVmHWM:\t{info.get('hwm_kb', 0)} kB\nVmRSS:\t{info.get('rss_kb', 0)} kB\n"
        )
        folder.joinpath("cmdline").write_bytes(info.get("cmdline", "python").replace(" ", "\0").encode())
    proc = Proc(root)
    proc.ticks = 100
    return proc


# -- statistics -------------------------------------------------------------


def test_percentile_interpolates_between_ranks_like_numpy():
    values = [10.0, 20.0, 30.0, 40.0, 50.0]
    assert bench.percentile(values, 50) == 30.0
    assert bench.percentile(values, 0) == 10.0
    assert bench.percentile(values, 100) == 50.0
    assert bench.percentile(values, 95) == pytest.approx(48.0)
    assert bench.percentile(values, 25) == 20.0
    # order of the input does not matter
    assert bench.percentile([50.0, 10.0, 40.0, 20.0, 30.0], 95) == pytest.approx(48.0)


def test_percentile_of_one_value_and_of_many():
    assert bench.percentile([7.0], 99) == 7.0
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert bench.percentile(values, 99) == pytest.approx(99.01)
    assert bench.percentile(values, 50) == pytest.approx(50.5)


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        bench.percentile([], 50)
    with pytest.raises(ValueError):
        bench.percentile([1.0], 101)


# -- /proc ------------------------------------------------------------------


def test_parse_status_reads_peak_and_current_rss_in_kb():
    assert bench.parse_status_kb(STATUS_TEXT, "VmHWM") == 2082508
    assert bench.parse_status_kb(STATUS_TEXT, "VmRSS") == 1536000
    assert bench.parse_status_kb(STATUS_TEXT, "VmSwap") is None


def test_parse_stat_counts_fields_after_a_command_name_with_spaces_and_parens():
    text = _stat_line(77, "python (x) y", ppid=12, utime=250, stime=50, starttime=123456)
    assert bench.parse_stat(text) == {"ppid": 12, "cpu_ticks": 300, "starttime": 123456}


def test_parse_stat_of_this_process_matches_os():
    import os

    with open(f"/proc/{os.getpid()}/stat", encoding="utf-8") as handle:
        parsed = bench.parse_stat(handle.read())
    assert parsed["ppid"] == os.getppid()


def test_proc_reads_rss_start_time_and_cpu_from_a_fake_proc(tmp_path):
    proc = _fake_proc(tmp_path, {
        10: {"ppid": 1, "hwm_kb": 1048576, "rss_kb": 524288, "utime": 300, "stime": 200,
             "starttime": 90000, "cmdline": "python -m rasa run"},
    }, uptime=1000.0)
    assert proc.peak_rss_mb(10) == 1024.0
    assert proc.rss_mb(10, "VmRSS") == 512.0
    assert proc.cpu_seconds(10) == 5.0
    assert proc.cmdline(10) == "python -m rasa run"
    # started 900 s after boot, now 1000 s after boot: 100 s ago
    import time

    assert time.time() - proc.started_at(10) == pytest.approx(100.0, abs=1.0)
    assert proc.peak_rss_mb(99) is None
    assert proc.started_at(99) is None


def test_descendants_follow_the_whole_tree():
    parents = {2: 1, 3: 2, 4: 2, 5: 3, 6: 1, 7: 99}
    assert bench.descendants(2, parents) == [3, 4, 5]
    assert bench.descendants(1, parents) == [2, 3, 4, 5, 6]
    assert bench.descendants(7, parents) == []


def test_memory_sampler_keeps_own_peak_and_childrens_peaks(tmp_path):
    proc = _fake_proc(tmp_path, {
        100: {"ppid": 1, "hwm_kb": 204800, "rss_kb": 102400, "utime": 100},  # postgres main
        101: {"ppid": 100, "hwm_kb": 10240, "utime": 10},  # backends
        102: {"ppid": 100, "hwm_kb": 20480, "utime": 20},
        200: {"ppid": 1, "hwm_kb": 2097152, "rss_kb": 1572864, "utime": 1000},  # rasa
    })
    sampler = MemorySampler({"postgres": 100, "rasa-1": 200}, proc)
    sampler.sample()
    sampler.start_cpu()
    # a backend ends, the main process and rasa use CPU
    for path in (tmp_path / "proc" / "102").iterdir():
        path.unlink()
    (tmp_path / "proc" / "102").rmdir()
    (tmp_path / "proc" / "100" / "stat").write_text(_stat_line(100, "postgres", 1, 150, 0, 0))
    (tmp_path / "proc" / "200" / "stat").write_text(_stat_line(200, "python", 1, 1400, 100, 0))
    sampler.stop_cpu()
    sampler.sample()
    results = {stats.name: stats for stats in sampler.results()}
    assert results["postgres"].peak_rss_mb == 200.0
    assert results["postgres"].rss_after_mb == 100.0
    # the ended backend's peak is remembered from the first sample
    assert results["postgres"].children_peak_rss_mb == 30.0
    assert results["postgres"].cpu_seconds == pytest.approx(0.5)
    assert results["rasa-1"].peak_rss_mb == 2048.0
    assert results["rasa-1"].children_peak_rss_mb == 0.0
    assert results["rasa-1"].cpu_seconds == pytest.approx(5.0)
    assert sampler.tracked_pids() == {100, 101, 102, 200}


def test_busy_other_processes_leaves_out_our_own_and_idle_ones():
    before = {1: (10.0, "trainer"), 2: (5.0, "rasa"), 3: (1.0, "idle")}
    after = {1: (16.0, "trainer"), 2: (15.0, "rasa"), 3: (1.1, "idle"), 4: (3.0, "new pytest")}
    busy = bench.busy_other_processes(before, after, exclude={2}, seconds=10.0)
    assert busy == [("trainer", pytest.approx(0.6)), ("new pytest", pytest.approx(0.3))]


# -- the simulated young people ---------------------------------------------


def test_user_script_has_the_asked_length_a_greeting_first_and_a_goodbye_last():
    for seed in range(30):
        script = bench.user_script(random.Random(seed), 20)
        assert len(script) == 20
        assert script[0] in bench.GREETINGS
        assert script[-1] in bench.BYES
    assert bench.user_script(random.Random(1), 1) in ([g] for g in bench.GREETINGS)
    assert bench.user_script(random.Random(1), 0) == []


def test_meeting_preparation_is_started_answered_and_stopped_in_one_block():
    started = 0
    for seed in range(50):
        script = bench.user_script(random.Random(seed), 20)
        for index, text in enumerate(script):
            if text in bench.MEETING_STARTS:
                started += 1
                assert script[index + 1] in bench.MEETING_ANSWERS
                assert script[index + 2] in bench.MEETING_ANSWERS
                assert script[index + 3] in bench.MEETING_STOPS
    assert 10 <= started <= 45  # most, not all, users prepare a meeting


def test_scripts_mix_topics_and_are_the_same_for_the_same_seed():
    scripts = bench.build_scripts(50, 20, seed=9)
    assert scripts == bench.build_scripts(50, 20, seed=9)
    assert scripts != bench.build_scripts(50, 20, seed=10)
    faq_texts = {text: topic for topic, texts in bench.FAQ_QUESTIONS.items() for text in texts}
    topics = {faq_texts[t] for t in itertools.chain(*scripts) if t in faq_texts}
    assert len(topics) >= 15
    typos = sum(1 for t in itertools.chain(*scripts) if t in bench.TYPO_QUESTIONS)
    assert 0 < typos < 200


def test_scripts_never_contain_a_crisis_or_an_invite_code():
    from bot.invite_code import find_code
    from bot.safety.net import assess

    texts = set(itertools.chain(*bench.build_scripts(50, 20, seed=9)))
    for text in texts:
        assert assess(text).level != "crisis", text
        assert find_code(text) is None, text


def test_bench_questions_are_not_copied_from_the_training_data():
    from pathlib import Path

    training = set()
    for path in list(Path("data/faq").glob("*.yml")) + list(Path("data/nlu").glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("- "):
                training.add(line.strip()[2:].strip().lower())
    questions = set(itertools.chain(*bench.FAQ_QUESTIONS.values(), bench.TYPO_QUESTIONS))
    assert not questions & training


# -- the load driver, against a tiny local server ---------------------------


def test_drive_counts_latencies_and_each_kind_of_error():
    from aiohttp import web

    async def webhook(request):
        body = await request.json()
        text = body["message"]
        if text == "fail":
            return web.Response(status=500)
        if text == "empty":
            return web.json_response([])
        if text == "slow":
            await asyncio.sleep(2)
        return web.json_response([{"recipient_id": body["sender"], "text": "ok"}])

    async def scenario():
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        try:
            url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
            scripts = [["moi", "fail", "kiitti"], ["moi", "empty", "slow"]]
            strict = await bench.drive(url, scripts, "t", timeout=0.5, warmup=1)
            lenient = await bench.drive(url, [["empty", "moi"]], "u", timeout=5, require_answer=False,
                                        warmup=0)
            return strict, lenient
        finally:
            await runner.cleanup()

    strict, lenient = asyncio.run(scenario())
    assert strict.errors == {"HTTP 500": 1, "empty answer": 1, "timeout": 1}
    assert strict.error_count == 3
    assert len(strict.latencies_ms) == 3
    assert strict.sent == 6
    assert strict.duration_s > 0.4  # the timeout waited
    assert "HTTP 500: fail" in strict.error_examples
    # the demo's answers are not required to be non-empty
    assert lenient.error_count == 0 and len(lenient.latencies_ms) == 2


# -- the report ---------------------------------------------------------------


def _result(label, latencies, seconds, instances=1, errors=None, load_s=12.0, rasa_mb=1024.0):
    load = LoadResult(users=2, messages_per_user=len(latencies) // 2, latencies_ms=latencies,
                      errors=errors or {}, duration_s=seconds)
    names = [f"rasa-{i + 1}" for i in range(instances)] if instances > 1 else ["rasa"]
    running = Running(label=label, webhook_url="http://x", processes={n: 1 for n in names},
                      rasa_instances=instances, model_load_s={n: load_s for n in names})
    processes = [ProcessStats(n, 100 + i, rasa_mb, children_peak_rss_mb=0.0, cpu_seconds=8.0,
                              rss_after_mb=rasa_mb / 2) for i, n in enumerate(names)]
    return SystemResult(running, load, processes)


def test_format_system_prints_the_numbers_and_errors_line():
    result = _result("Rinnalla", [100.0, 200.0, 300.0, 400.0], 2.0, errors={"timeout": 1})
    text = bench.format_system(result)
    assert "### Rinnalla" in text
    assert "| throughput (msg/s) | 2.5 |" in text  # 5 messages in 2 s
    assert "| latency p50 (ms) | 250 |" in text
    assert "| latency p95 (ms) | 385 |" in text
    assert "| latency p99 (ms) | 397 |" in text
    assert "\nerrors: 1 (timeout 1)\n" in text
    assert "| model load (s) | rasa 12.0 |" in text
    assert "| rasa | 100 | 1024.0 | 512.0 | 0.0 | 8.0 | 1600.0 |" in text  # 8 CPU s / 5 messages
    assert "| Rasa CPU per message, all instances (ms) | 1600 |" in text
    assert "| CPU of all its processes per message (ms) | 1600 |" in text


def test_ratios_and_targets():
    rinnalla = _result("Rinnalla", [100.0, 200.0, 300.0, 400.0], 0.1, instances=2, rasa_mb=2000.0,
                       load_s=35.0)
    demo = _result("demo", [100.0, 100.0, 100.0, 200.0], 0.1)
    assert rinnalla.rasa_cpu_ms_per_message == pytest.approx(2 * 8000.0 / 4)  # two instances, 4 messages
    values = bench.ratios(rinnalla, demo)
    assert values["p95"] == pytest.approx(385.0 / 185.0)
    assert values["throughput"] == pytest.approx(1.0)
    assert values["throughput_per_instance"] == pytest.approx(0.5)
    text = bench.format_ratios(values)
    assert "ratio: p95 latency Rinnalla/demo = 2.08" in text
    assert "ratio: throughput Rinnalla/demo = 1.00" in text
    checks = {name: (met, value) for name, met, value in bench.check_targets(rinnalla, demo)}
    assert checks["zero errors"] == (True, "errors: 0")
    assert checks["p95 latency at most 1.5x the demo's"] == (False, "2.08x")
    assert checks["at least 20 msg/s per Rasa instance"] == (True, "20.0 msg/s")
    assert checks["Rasa server RSS at most 1.5 GB"] == (False, "2000 MB (largest instance)")
    assert checks["model load within 30 s"] == (False, "35.0 s (slowest instance)")
    table = bench.format_targets(bench.check_targets(rinnalla, None))
    assert "| p95 latency at most 1.5x the demo's | n/a | not measured |" in table
    assert "| zero errors | errors: 0 | met |" in table


def test_format_report_has_both_systems_ratios_and_targets():
    report = bench.format_report(_result("Rinnalla", [1.0, 2.0], 1.0), _result("demo", [1.0, 2.0], 1.0))
    assert report.index("### Rinnalla") < report.index("### demo") < report.index("### Ratios")
    assert "ratio: p95 latency Rinnalla/demo = 1.00" in report
    assert report.count("errors: 0") >= 2
    assert "\n\n\n" not in report


# -- the doc section ---------------------------------------------------------------


def test_rewrite_section_replaces_only_the_marked_part():
    document = f"# Performance\n\nMethod.\n\n{DOC_START}\nold numbers\n{DOC_END}\n\nInterpretation.\n"
    rewritten = bench.rewrite_section(document, "new numbers\n")
    assert rewritten == f"# Performance\n\nMethod.\n\n{DOC_START}\nnew numbers\n{DOC_END}\n\nInterpretation.\n"
    assert bench.rewrite_section(rewritten, "new numbers") == rewritten


def test_rewrite_section_appends_markers_when_missing():
    rewritten = bench.rewrite_section("# Performance\n", "numbers")
    assert rewritten == f"# Performance\n\n{DOC_START}\nnumbers\n{DOC_END}\n"


def test_doc_section_names_the_machine_load_and_command():
    from datetime import datetime, timezone

    text = bench.doc_section(
        "REPORT", "python -m bot.bench --write-doc", {"cores": "2", "cpu": "Xeon", "memory": "23.4 GB"},
        "0.10 0.20 0.30", "1.50 0.90 0.40", datetime(2026, 11, 29, 5, 0, tzinfo=timezone.utc),
    )
    assert text.startswith("Run of 2026-11-29 05:00 UTC, command `python -m bot.bench --write-doc`.")
    assert "2 cores (Xeon), 23.4 GB RAM" in text
    assert "before the run: 0.10 0.20 0.30; after: 1.50 0.90 0.40" in text
    assert text.endswith("REPORT")


def test_free_port_skips_a_port_in_use():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert bench.free_port(port) != port
        assert bench.free_port(port, taken=[port + 1]) not in (port, port + 1)


def test_dev_target_finds_the_launchers_three_children_by_command(tmp_path):
    proc = _fake_proc(tmp_path, {
        50: {"ppid": 1, "cmdline": "/venv/bin/python -m bot run"},
        51: {"ppid": 50, "cmdline": "/venv/bin/python -m rasa_sdk --actions actions --port 35006"},
        52: {"ppid": 50, "cmdline": "/venv/bin/python -m rasa run --model models/rinnalla.tar.gz"},
        53: {"ppid": 50, "cmdline": "/venv/bin/python -m bot serve web"},
        54: {"ppid": 52, "cmdline": "/venv/bin/python -c helper"},
        60: {"ppid": 1, "cmdline": "/venv/bin/python -m rasa run --model other"},
    })
    target = bench.DevTarget(proc)

    class Launcher:
        pid = 50

    target.process = Launcher()
    assert target._find_children() == {"actions": 51, "rasa": 52, "web": 53}
