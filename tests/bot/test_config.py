"""Configuration: defaults without a file, TOML, environment overrides, one-line errors."""
import subprocess
import sys

import pytest

from bot.config import ConfigError, load_settings


def test_console_needs_no_file():
    settings = load_settings(None)
    assert settings.language == "nl" and settings.timezone == "Europe/Amsterdam"
    assert settings.dialogue_timeout_minutes == 30


def test_file_and_environment(tmp_path, monkeypatch):
    file = tmp_path / "zorgbot.toml"
    file.write_text('language = "en"\ndialogue_timeout_minutes = 10\n[matrix]\nhomeserver = "http://hs"\n')
    monkeypatch.setenv("ZORGBOT_DIALOGUE_TIMEOUT_MINUTES", "45")
    monkeypatch.setenv("ZORGBOT_MATRIX__USER_ID", "@bot:hs")
    settings = load_settings(file)
    assert settings.language == "en"
    assert settings.dialogue_timeout_minutes == 45          # the environment wins over the file
    assert settings.matrix.homeserver == "http://hs" and settings.matrix.user_id == "@bot:hs"


@pytest.mark.parametrize("content, expected", [
    ('timezone = "Europe/Amsterdm"', "timezone: unknown time zone 'Europe/Amsterdm'"),
    ('language = "de"', "language: Input should be 'nl' or 'en'"),
    ('dialogue_timeout_minutes = 0', "dialogue_timeout_minutes: Input should be greater than or equal to 1"),
    ('colour = "blue"', "colour: unknown setting"),
    ('[matrix]\nrecipient_devices = "some"', "matrix.recipient_devices: Input should be"),
    ('[matrix]\ncross_signing_secret = "short"', "matrix.cross_signing_secret: too short"),
    ('[matrix]\nuser_id = "zorgbot"', "matrix.user_id: must be a full Matrix ID"),
    ('[matrix]\nhomeserver = "matrix.example.org"', "matrix.homeserver: must start with https://"),
    ('language = ', "is not valid TOML"),
])
def test_wrong_values_name_the_key(tmp_path, content, expected):
    file = tmp_path / "bad.toml"
    file.write_text(content)
    with pytest.raises(ConfigError) as caught:
        load_settings(file)
    assert expected in str(caught.value)


def test_cli_stops_with_one_line_and_exit_code_2(tmp_path):
    file = tmp_path / "bad.toml"
    file.write_text('timezone = "Mars/Olympus"\n')
    result = subprocess.run([sys.executable, "-m", "bot.cli", "--config", str(file), "chat", "--db",
                             str(tmp_path / "x.db")], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "zorgbot: configuration error: timezone: unknown time zone 'Mars/Olympus' (use a name such as Europe/Amsterdam)"]
    assert "Traceback" not in result.stderr


def test_missing_config_file_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bot.cli", "serve", "--config", str(tmp_path / "nope.toml")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_help_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "bot.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for word in ("chat", "serve", "matrix", "--lang", "--config", "--verbose"):
        assert word in result.stdout
    chat = subprocess.run([sys.executable, "-m", "bot.cli", "chat", "--help"], capture_output=True, text=True)
    assert "--db" in chat.stdout


def test_environment_lists_and_sections_are_json_and_win_key_by_key(tmp_path, monkeypatch):
    file = tmp_path / "zorgbot.toml"
    file.write_text('[matrix]\nhomeserver = "http://hs"\nuser_id = "@bot:hs"\nadmins = ["@old:hs"]\n')
    monkeypatch.setenv("ZORGBOT_MATRIX__ADMINS", '["@ann:hs", "@bob:hs"]')
    monkeypatch.setenv("zorgbot_matrix__require_encryption", "false")     # names in any case
    settings = load_settings(file)
    assert settings.matrix.admins == ["@ann:hs", "@bob:hs"]
    assert settings.matrix.require_encryption is False
    assert settings.matrix.homeserver == "http://hs" and settings.matrix.user_id == "@bot:hs"   # kept from the file


def test_environment_list_that_is_not_json_is_named(monkeypatch):
    monkeypatch.setenv("ZORGBOT_MATRIX__ADMINS", "@ann:hs")
    with pytest.raises(ConfigError) as caught:
        load_settings(None)
    assert "ZORGBOT_MATRIX__ADMINS is not valid JSON" in str(caught.value)
