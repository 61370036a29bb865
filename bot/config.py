"""Configuration: defaults that need no file, a TOML file, then ZORGBOT_* environment overrides.

Environment names: ZORGBOT_<KEY> for top-level keys, ZORGBOT_<SECTION>__<KEY> inside a section
(e.g. ZORGBOT_MATRIX__HOMESERVER); a list, or a whole section, is given as JSON. A wrong value stops
start-up with one line naming the key.

The environment is read here rather than by pydantic-settings: that package cost about 5 MiB and
50-70 ms at every start for what these few lines do.
"""
from __future__ import annotations

import difflib
import json
import os
import tomllib
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Language = Literal["nl", "en"]


class ConfigError(Exception):
    """A configuration problem, worded for the person who wrote the file."""


class MatrixSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")    # a mistyped key is refused, not silently ignored

    homeserver: str = ""
    user_id: str = ""
    access_token: str = ""
    password: str = ""
    device_id: str = "ZORGBOT"
    device_name: str = "zorgbot"
    store_dir: str = ""                       # default: <data_dir>/matrix
    cross_signing_secret: str = ""            # or cross_signing_secret_file
    cross_signing_secret_file: str = ""
    recipient_devices: Literal["cross-signed", "tofu", "all"] = "cross-signed"
    allowed_inviters: list[str] = Field(default_factory=list)  # "@user:server" or ":server"
    admins: list[str] = Field(default_factory=list)
    require_encryption: bool = True
    undecryptable_grace_seconds: int = Field(default=60, ge=0)

    @property
    def enabled(self) -> bool:
        return bool(self.homeserver and self.user_id)

    @field_validator("cross_signing_secret")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value.encode()) < 16:
            raise ValueError("too short: use at least 16 random characters")
        return value

    @field_validator("homeserver")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (or http:// for a local test server)")
        return value.rstrip("/")

    @field_validator("user_id")
    @classmethod
    def _mxid(cls, value: str) -> str:
        if value and not (value.startswith("@") and ":" in value):
            raise ValueError("must be a full Matrix ID such as @zorgbot:example.org")
        return value


class TelegramSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = ""
    base_url: str = ""                         # for tests against a local Bot API
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    admins: list[str] = Field(default_factory=list)

    @property
    def enabled(self) -> bool:
        return bool(self.token)


ENV_PREFIX = "ZORGBOT_"


class Settings(BaseModel):
    """Built from keyword arguments (a configuration file's values); ZORGBOT_* environment variables
    win over them (see environment_values)."""
    model_config = ConfigDict(extra="forbid", validate_default=True)

    language: Language = "nl"
    timezone: str = "Europe/Amsterdam"
    database_url: str = ""                     # default: sqlite file zorgbot.db in the working directory
    data_dir: str = "zorgbot-data"
    dialogue_timeout_minutes: int = Field(default=30, ge=1, le=24 * 60)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    console_user: str = ""                     # default: the login name
    matrix: MatrixSettings = Field(default_factory=MatrixSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use a name such as Europe/Amsterdam)") from None
        return value

    def __init__(self, **values) -> None:
        super().__init__(**_merged(values, environment_values()))


# ZORGBOT_ variables that are not settings but are read elsewhere: the Matrix cross-signing secret
# (bot/transports/matrix/account.py) and the test suite's PostgreSQL switches (tests/conftest.py).
OTHER_ENVIRONMENT = frozenset({"ZORGBOT_MATRIX_KEY_SECRET", "ZORGBOT_TEST_POSTGRES_URL", "ZORGBOT_REQUIRE_POSTGRES"})
SECTIONS = {"matrix": MatrixSettings, "telegram": TelegramSettings}


def known_keys(section: str | None = None) -> list[str]:
    model = SECTIONS[section] if section else Settings
    return list(model.model_fields)


def nearest(word: str, candidates: list[str]) -> str:
    """' (did you mean X?)' for the closest candidate, or '' when none is close."""
    close = difflib.get_close_matches(word.lower(), [c.lower() for c in candidates], n=1, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {next(c for c in candidates if c.lower() == close[0])}?)"


def known_environment() -> list[str]:
    names = [f"ZORGBOT_{key.upper()}" for key in known_keys()]     # a section may come whole, as JSON
    for section in SECTIONS:
        names += [f"ZORGBOT_{section.upper()}__{key.upper()}" for key in known_keys(section)]
    return names + sorted(OTHER_ENVIRONMENT)


def check_environment(environ=None) -> None:
    """Refuse a ZORGBOT_ variable that nothing reads: a typo would otherwise be silently ignored."""
    environ = os.environ if environ is None else environ
    valid = set(known_environment())
    for name in sorted(environ):
        if name.upper().startswith("ZORGBOT_") and name.upper() not in valid:
            raise ConfigError(f"environment variable {name} is not a zorgbot setting"
                              f"{nearest(name, known_environment())}")


def _is_structured(annotation) -> bool:
    """A list or a section: given as JSON in the environment."""
    origin = getattr(annotation, "__origin__", None)
    return origin in (list, dict) or (isinstance(annotation, type) and issubclass(annotation, (BaseModel, list, dict)))


def _from_environment(name: str, value: str, annotation):
    if not _is_structured(annotation):
        return value                        # pydantic converts "45" to 45, "true" to True, and so on
    try:
        return json.loads(value)
    except ValueError:
        raise ConfigError(f"environment variable {name} is not valid JSON (a list is written "
                          '["a", "b"], a section {"key": "value"})') from None


def environment_values(environ=None) -> dict:
    """The settings given as ZORGBOT_* environment variables, as nested values (names are matched
    without regard to case; a section given whole as JSON comes first, its keys given one by one go
    over it). Names that are no setting are left to check_environment."""
    environ = os.environ if environ is None else environ
    whole, inside = {}, {}
    for name, value in environ.items():
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or upper in OTHER_ENVIRONMENT:
            continue
        key, _, inner = upper[len(ENV_PREFIX):].lower().partition("__")
        field = Settings.model_fields.get(key)
        if field is None:
            continue
        if not inner:
            whole[key] = _from_environment(name, value, field.annotation)
            continue
        inner_field = SECTIONS[key].model_fields.get(inner) if key in SECTIONS else None
        if inner_field is not None:
            inside.setdefault(key, {})[inner] = _from_environment(name, value, inner_field.annotation)
    return _merged(whole, inside)


def _merged(base: dict, override) -> dict:
    """`override` over `base`, section by section (a ZORGBOT_MATRIX__USER_ID keeps the file's homeserver)."""
    if not isinstance(override, dict) or not isinstance(base, dict):
        return override
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        elif isinstance(value, dict) and isinstance(result.get(key), BaseModel):
            result[key] = _merged(result[key].model_dump(), value)
        else:
            result[key] = value
    return result


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(file)"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        loc = [str(part) for part in first["loc"]]
        section = loc[0] if len(loc) > 1 and loc[0] in SECTIONS else None
        message = f"unknown setting{nearest(loc[-1], known_keys(section))}"
    return f"{key}: {message}"


def _read_file(file: Path) -> dict:
    try:
        with open(file, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"configuration file {file} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"configuration file {file} is a directory; give the path of a TOML file") from None
    except PermissionError:
        raise ConfigError(f"configuration file {file} cannot be read by this user; fix its permissions") from None
    except UnicodeDecodeError:
        raise ConfigError(f"configuration file {file} is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"configuration file {file} is not valid TOML: {exc}") from None


def load_settings(path: str | Path | None = None, **overrides) -> Settings:
    """Read the TOML file (if any), apply the environment and command-line overrides, validate."""
    values: dict = _read_file(Path(path)) if path is not None else {}
    check_environment()
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None
