"""The base of every settings model: an unknown key is refused (a typo is an error, not a silent default) and a
validated value is frozen."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SettingsModel(BaseModel):
    """A section of the config file: `extra="forbid"`, frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)
