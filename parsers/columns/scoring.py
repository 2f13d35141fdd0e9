"""The weights and thresholds of column-role scoring and table confidence,
in one frozen settings object (unknown keys rejected, like every settings
class: ``ScoringSettings.from_dict({...})``). :mod:`.roles` and
:mod:`.confidence` read their constants from :data:`SCORING`; what each
number means is explained there."""
from __future__ import annotations

from dataclasses import dataclass

from council_plans.parsers.settings import StrictSettings


@dataclass(frozen=True)
class ScoringSettings(StrictSettings):
    #: weight of header-word evidence
    w_header: float = 1.0
    #: weight of content evidence for a role the header does not name
    w_content: float = 0.6
    #: weight of content evidence confirming a role the header names
    w_confirm: float = 0.15
    #: a column gets a role when its combined score reaches this
    assign: float = 0.5
    #: header evidence at which a header cell counts as naming a role (a label)
    label: float = 0.5
    #: content share a headerless table's columns need
    content_only: float = 0.6
    #: confidence: a role winning by this margin is clear
    clear_margin: float = 0.5
    #: confidence: weight of role clarity (row support has the rest)
    w_roles: float = 0.5
    #: confidence: a column winning by less than this is named in the reasons
    weak_margin: float = 0.15


#: the scoring in force
SCORING = ScoringSettings()
