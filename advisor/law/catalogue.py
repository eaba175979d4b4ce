"""The catalogue of delivery models (ADMs) and legal forms, read from rules/adms.yaml and forms.yaml."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from advisor.base.errors import RulebookError
from advisor.base.yamlio import load_yaml


class LegalForm(BaseModel):
    """A legal form a delivery model can take."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    description: str
    registered_with: str


class DeliveryModel(BaseModel):
    """One alternative delivery model and the forms it can take."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    description: str
    employer: str
    owner: str
    forms: tuple[str, ...]


class Catalogue(BaseModel):
    """All delivery models and forms, in catalogue order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    adms: tuple[DeliveryModel, ...]
    forms: tuple[LegalForm, ...]

    def adm(self, adm_id: str) -> DeliveryModel:
        """The delivery model with this id."""
        return next(adm for adm in self.adms if adm.id == adm_id)

    def form(self, form_id: str) -> LegalForm:
        """The legal form with this id."""
        return self._forms_by_id[form_id]

    @cached_property
    def _forms_by_id(self) -> dict[str, LegalForm]:
        return {form.id: form for form in self.forms}

    def options(self) -> list[tuple[str, str]]:
        """Every (ADM, form) pair the catalogue allows, in order."""
        return [(adm.id, form) for adm in self.adms for form in adm.forms]


def _load(path: Path) -> object:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"{path.name}: cannot be read: {exc}") from exc


def load_catalogue(rules_dir: Path) -> Catalogue:
    """Load and cross-check the ADM and form catalogue."""
    adms, forms = _load(rules_dir / "adms.yaml"), _load(rules_dir / "forms.yaml")
    try:
        catalogue = Catalogue.model_validate(
            {"adms": adms["adms"], "forms": forms["forms"]}  # type: ignore[index]
        )
    except (ValidationError, KeyError, TypeError) as exc:
        raise RulebookError(f"adms.yaml/forms.yaml: invalid catalogue: {exc}") from exc
    form_ids = {form.id for form in catalogue.forms}
    for adm in catalogue.adms:
        unknown = set(adm.forms) - form_ids
        if unknown:
            raise RulebookError(f"adms.yaml: {adm.id} names unknown forms {sorted(unknown)}")
    for name, ids in (("adms.yaml", [a.id for a in catalogue.adms]), ("forms.yaml", [f.id for f in catalogue.forms])):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise RulebookError(f"{name}: duplicate ids {twice}")
    return catalogue
