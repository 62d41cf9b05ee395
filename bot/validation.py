"""`make validate`: Rasa's own data validation, where every warning fails.

`rasa data validate --fail-on-warnings` still exits 0 on many warnings, so this
runs it, reads every warning it prints, and fails on any that is not a known,
explained false positive:

* "duplicated intents ... faq": Rasa adds the retrieval intent `faq` to the
  domain itself while `domain.yml` must list it for rules, and warns about its
  own merge.
* "utterance 'text_…' is not used in any story or rule": responses named
  `text_…` are sent only by custom actions; they pass when an action in
  `actions/` names them.
* "utterance 'utter_ask_<slot>' is not used": a form asks its required slots
  with these; they pass when a form in domain.yml requires the slot.
* "intent '…' is not used in any story or rule": an intent that only fills a
  form slot (a `from_intent` mapping, e.g. "ohita") passes.
* "intent … not found in the NLU training data" for intents that have no
  examples on purpose: `crisis_unsure` (set by bot/nlu/safety_net.py),
  `link_code` (set by bot/nlu/invite_code.py) and `EXTERNAL_…` intents (sent
  by the web app through Rasa's HTTP API, never typed).
* "utterance '…' is not used" for a response that a custom action sends by
  name (e.g. `utter_worker_not_linked` from actions/handoff.py), or that
  config.yml names as the RulePolicy's `core_fallback_action_name`.

After Rasa's validation (which always runs to the end) come the content checks
of bot/content/checks.py: Finnish messages for the content editors, one per
line ("VIRHE: data/faq/x.yml, rivi 12: …"). Their errors fail the command,
their warnings (VAROITUS) do not. Both parts run, whichever fails.
"""
from __future__ import annotations

import re

from bot.config import PROJECT_ROOT, run_rasa

WARNING = re.compile(r"UserWarning: (.*?)(?=\n\S|\Z)", re.S)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _actions_source() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((PROJECT_ROOT / "actions").glob("*.py"))
    )


def _domain_uses() -> tuple[set[str], set[str]]:
    """(slots that forms require, intents used by from_intent slot mappings)."""
    import yaml

    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8")) or {}
    form_slots = {
        slot
        for form in (domain.get("forms") or {}).values()
        for slot in (form or {}).get("required_slots") or []
    }
    mapped_intents = {
        mapping["intent"]
        for slot in (domain.get("slots") or {}).values()
        for mapping in slot.get("mappings") or []
        if mapping.get("type") == "from_intent" and isinstance(mapping.get("intent"), str)
    }
    return form_slots, mapped_intents


def core_fallback_action() -> str | None:
    import yaml

    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8")) or {}
    for policy in config.get("policies") or []:
        if policy.get("name") == "RulePolicy":
            return policy.get("core_fallback_action_name")
    return None


def is_known_false_positive(
    message: str, actions_source: str, domain_uses: tuple[set[str], set[str]] | None = None
) -> bool:
    form_slots, mapped_intents = domain_uses if domain_uses is not None else _domain_uses()
    asked = re.fullmatch(r"The utterance 'utter_ask_(\w+)' is not used in any story or rule\.", message.strip())
    if asked and asked.group(1) in form_slots:
        return True
    from bot.nlu.invite_code import LINK_INTENT
    from bot.nlu.safety_net import UNSURE_INTENT

    no_examples = re.fullmatch(
        r"The intent '(\w+)' is listed in the domain file, but is not found in the NLU training data\.",
        message.strip(),
    )
    if no_examples and (
        no_examples.group(1) in (UNSURE_INTENT, LINK_INTENT)
        or no_examples.group(1).startswith("EXTERNAL_")
    ):
        return True
    intent = re.fullmatch(r"The intent '(\w+)' is not used in any story or rule\.", message.strip())
    if intent and intent.group(1) in mapped_intents:
        return True
    if re.fullmatch(
        r"The following duplicated intents have been found across multiple domain files: faq",
        message.strip(),
    ):
        return True
    unused = re.fullmatch(r"The utterance '(\w+)' is not used in any story or rule\.", message.strip())
    if unused and unused.group(1) == core_fallback_action():
        return True
    return bool(unused and f'"{unused.group(1)}"' in actions_source)


def warnings_in(output: str) -> list[str]:
    """The warnings' messages, without Rasa's "More info at …" lines."""
    found = []
    for match in WARNING.findall(ANSI.sub("", output)):
        lines = [line for line in match.strip().splitlines() if not line.strip().startswith("More info at")]
        found.append("\n".join(lines).strip())
    return found


def main() -> int:
    rasa_ok = _rasa_validate() == 0
    region_ok = _check_region() == 0
    print()
    print("Sisällön tarkistus (docs/sisallontuottajan-opas.md, luku 8):")
    from bot.content.checks import main as check_content

    content_ok = check_content() == 0
    return 0 if rasa_ok and region_ok and content_ok else 1


def _rasa_validate() -> int:
    result = run_rasa(
        [
            "data", "validate", "--fail-on-warnings",
            "--domain", "domain.yml", "--data", "data", "--config", "config.yml",
        ],
        capture_output=True, text=True,
    )
    output = result.stdout + result.stderr
    source = _actions_source()
    uses = _domain_uses()
    problems = [w for w in warnings_in(output) if not is_known_false_positive(w, source, uses)]
    for problem in problems:
        print(f"WARNING: {problem}")
    # With --fail-on-warnings Rasa exits 1 on the allowed warnings too; any
    # other reason to fail (an error, or a non-zero exit with no warnings)
    # still fails.
    allowed_only = bool(warnings_in(output)) and not problems and " ERROR " not in output
    if result.returncode != 0 and not allowed_only:
        print(output[-3000:])
        print(f"rasa data validate failed (exit code {result.returncode}).")
        return 1
    if problems:
        print(f"{len(problems)} warning(s): validation fails on warnings.")
        return 1
    print("Rasa data validation passed with no warnings.")
    return 0


def _check_region() -> int:
    from bot.content.region import RegionFileError, load_region, region_path

    try:
        region = load_region()
    except RegionFileError as error:
        print(f"VIRHE: {error}")
        return 1
    if region.is_example:
        print(
            f"HUOM: {region_path()} sisältää yhä esimerkkiarvoja ({region.name}). "
            "Vaihda alueesi oikeat tiedot ennen käyttöönottoa."
        )
    return 0
