"""Every value the site reads from the environment, read here and nowhere else."""

import os

from django.core.exceptions import ImproperlyConfigured


def text(name: str, default: str | None = None) -> str | None:
    """The variable with surrounding spaces removed; `default` when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value if value else default


def required(name: str, hint: str) -> str:
    """Return the variable or stop start-up with a message naming it and the fix."""
    value = text(name)
    if value is None:
        raise ImproperlyConfigured(f"{name} is not set. {hint}")
    return value


def boolean(name: str, default: bool = False) -> bool:
    value = text(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def integer(name: str, default: int) -> int:
    value = text(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


def items(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list: 'a, b,c' -> ['a', 'b', 'c']."""
    value = text(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]
