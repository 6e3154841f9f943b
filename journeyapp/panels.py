"""The docks around the map that hold the room's agreements, and how they follow the document.

Inspector (stage or handoff), RACI matrix and roles, definitions glossary, lead
scoring, problems list. Each panel only asks for edits;
the window applies them through the Document and tells every panel what
changed. The panels tabbed under the map are made when first shown or asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from journeyapp.models.change import Change, Kind
from journeyapp.models.playbook import Playbook
from journeyapp.models.validation import Problem
from journeyapp.widgets.inspectors.inspector_stack import InspectorStack

if TYPE_CHECKING:
    from journeyapp.widgets.panels.problems_panel import ProblemsPanel

# The panels tabbed under the map, in tab order: attribute (its dock is ``dock_<attribute>``),
# title, and whether it sits in a scroll area. Each is made the first time its tab is shown or
# it is asked for, so start-up makes only what the first paint shows.
UNDER_THE_MAP = (
    ("raci", "RACI", False),
    ("glossary", "Glossary", False),
    ("scoring", "Lead scoring", False),
    ("deals", "Deals", False),
    ("improvements", "Improvements", False),
    ("meetings", "Meetings", False),
    ("projects", "Projects", False),
    ("figures", "Deal figures", False),
    ("review", "Review", True),
    ("funnel", "Funnel", True),
    ("feedback", "Feedback", False),
    ("winloss", "Win/loss", False),
    ("parking_lot", "Parking lot", False),
)
READERS = ("figures",)  # panels that show the model but never edit it
# The order panels hear of a new playbook or a change: the ones that edit, then the readers.
FOLLOWING = [name for name, _, _ in UNDER_THE_MAP if name not in READERS] + list(READERS)


class PanelDock(QDockWidget):
    """A dock whose panel is made the first time the dock is shown or its widget asked for."""

    def __init__(self, title: str, parent: QWidget, make: Callable[[], QWidget]) -> None:
        super().__init__(title, parent)
        self._make: Callable[[], QWidget] | None = make
        self.on_screen = False  # shown and its tab chosen (isVisible stays True behind a tab)
        self.visibilityChanged.connect(self._shown)

    @property
    def made(self) -> bool:
        return self._make is None

    def _shown(self, visible: bool) -> None:
        self.on_screen = visible
        if visible:
            self.widget()

    def widget(self) -> QWidget:
        if self._make is not None:
            make, self._make = self._make, None
            self.setWidget(make())
        return super().widget()


class MadeWhenAsked:
    """A panel under the map, as an attribute of AgreementPanels: made the first time it is read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, panels: AgreementPanels | None, owner: type | None = None):
        return self if panels is None else panels._panel(self.name)


class AgreementPanels:
    def __init__(self, window) -> None:
        self.window = window
        self.playbook: Playbook | None = None
        self._made: dict[str, QWidget] = {}
        self.inspectors = InspectorStack()
        self._problems_found: list[Problem] | None = None  # the latest, for the list once made
        right, bottom = (
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.dock_inspector = window._dock("dock_inspector", "Inspector", self.inspectors, right)
        self.dock_problems = window._dock("dock_problems", "Problems", self._make_problems, bottom)
        # The wide tables sit under the map, where a projector has room across.
        self._docks: dict[str, PanelDock] = {}
        for name, title, scrolls in UNDER_THE_MAP:
            dock = window._dock(
                f"dock_{name}",
                title,
                lambda name=name, scrolls=scrolls: self._make(name, scrolls),
                bottom,
            )
            self._docks[name] = dock
            setattr(self, f"dock_{name}", dock)
        self._tabs = [self.dock_inspector, *self._docks.values()]  # tabbed by arrange_docks
        self.inspectors.editRequested.connect(window.apply_edit)
        self.inspectors.refused.connect(window.show_error)
        scene = window.scene
        scene.stageSelectionChanged.connect(self._follow_selection)
        scene.handoffSelectionChanged.connect(self._follow_selection)

    # -- the panels under the map, made when first wanted --------------------

    raci = MadeWhenAsked()
    glossary = MadeWhenAsked()
    scoring = MadeWhenAsked()
    deals = MadeWhenAsked()
    improvements = MadeWhenAsked()
    meetings = MadeWhenAsked()
    projects = MadeWhenAsked()
    figures = MadeWhenAsked()
    review = MadeWhenAsked()
    funnel = MadeWhenAsked()
    feedback = MadeWhenAsked()
    winloss = MadeWhenAsked()
    parking_lot = MadeWhenAsked()

    def _panel(self, name: str):
        if name not in self._made:
            self._docks[name].widget()
        return self._made[name]

    def _made_panels(self) -> list:
        return [self._made[name] for name in FOLLOWING if name in self._made]

    def _make(self, name: str, scrolls: bool) -> QWidget:
        """Make the panel ``name`` as if it had been there from the start; its dock's widget."""
        window = self.window
        panel = self._new_panel(name)
        self._made[name] = panel
        if name not in READERS:
            panel.editRequested.connect(window.apply_edit)
        panel.refused.connect(window.show_error)
        if name in ("review", "funnel"):
            panel.stageChosen.connect(window.canvas.centre_on_stage)
        if name == "review":
            panel.handoffChosen.connect(self._show_handoff)
            panel.openRequested.connect(window.open_snapshot)
            panel.diffShown.connect(window.show_diff)
            self._follow_dock(name, window.diff_overlay)
        elif name == "winloss":
            panel.guideRequested.connect(window.export_interview_guide)
        elif name in ("deals", "figures"):
            self._follow_dock(name, panel.overlay if name == "deals" else panel.heat)
        if self.playbook is not None:
            panel.set_playbook(self.playbook)
        if name == "meetings":
            panel.exportRequested.connect(window.export_meeting_notes)
        if name in ("raci", "improvements", "projects"):
            stage_id = self._followed_stage()
            if stage_id is not None:
                panel.show_stage(stage_id)
        if scrolls:
            from journeyapp.widgets.forms.form_parts import scrolling

            return scrolling(panel)
        return panel

    def _follow_dock(self, name: str, overlay) -> None:
        """A panel's overlay leaves the map with its panel (closed, or another tab chosen)
        and comes back with it."""
        dock = self._docks[name]
        overlay.set_shown(dock.on_screen)
        dock.visibilityChanged.connect(overlay.set_shown)

    def _new_panel(self, name: str) -> QWidget:
        window = self.window
        match name:
            case "raci":
                from journeyapp.widgets.panels.raci_matrix import RaciPanel

                return RaciPanel()
            case "glossary":
                from journeyapp.widgets.panels.glossary_editor import GlossaryPanel

                return GlossaryPanel()
            case "scoring":
                from journeyapp.widgets.panels.scoring_editor import ScoringPanel

                return ScoringPanel()
            case "deals":
                from journeyapp.widgets.panels.deals_panel import DealsPanel

                return DealsPanel(window.scene)
            case "improvements":
                from journeyapp.widgets.panels.improvements_panel import ImprovementsPanel

                return ImprovementsPanel()
            case "meetings":
                from journeyapp.widgets.panels.meetings_panel import MeetingsPanel

                return MeetingsPanel(lambda: window.scene.today())
            case "projects":
                from journeyapp.widgets.panels.projects_panel import ProjectsPanel

                return ProjectsPanel(lambda: window.scene.today())
            case "figures":
                from journeyapp.widgets.panels.deal_figures_panel import DealFiguresPanel

                return DealFiguresPanel(window.scene)
            case "review":
                from journeyapp.widgets.panels.review_panel import ReviewPanel

                return ReviewPanel(lambda: window.scene.today())
            case "funnel":
                from journeyapp.widgets.panels.funnel_panel import FunnelPanel

                return FunnelPanel(lambda: window.scene.today())
            case "feedback":
                from journeyapp.widgets.panels.feedback_panel import FeedbackPanel

                return FeedbackPanel()
            case "winloss":
                from journeyapp.widgets.panels.winloss_panel import WinLossPanel

                return WinLossPanel(lambda: window.scene.today())
            case "parking_lot":
                from journeyapp.widgets.panels.parking_lot_panel import ParkingLotPanel

                return ParkingLotPanel(lambda: window.scene.today())
        raise KeyError(name)

    def bottom_docks(self) -> list[QDockWidget]:
        """The panels under the map, Problems first."""
        return [self.dock_problems, *self._tabs[1:]]

    def toggle_actions(self) -> list:
        actions = []
        for dock in [*self._tabs[1:], self.dock_problems]:  # the inspector's is the window's
            action = dock.toggleViewAction()
            action.setObjectName(f"action_toggle_{dock.objectName().removeprefix('dock_')}")
            actions.append(action)
        return actions

    # -- following the document -------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook  # a panel made later starts on it
        self.inspectors.set_playbook(playbook)
        for panel in self._made_panels():
            panel.set_playbook(playbook)

    def on_change(self, change: Change) -> None:
        self.inspectors.on_change(change)
        for panel in self._made_panels():
            panel.on_change(change)

    def flush(self) -> None:
        """Send what is typed in any panel but not yet sent."""
        for page in self.inspectors.made_pages():
            page.flush()
        for panel in self._made.values():
            flush = getattr(panel, "flush", None)  # the panels with fields typed into
            if flush is not None:
                flush()

    def refresh(self) -> None:
        """Show the model's values again (after an edit the Document refused)."""
        for page in self.inspectors.made_pages():
            page.refresh()

    @property
    def problems(self) -> ProblemsPanel:
        """The problems list, made when first shown or asked for (closed at start-up)."""
        return self.dock_problems.widget()

    def _make_problems(self) -> ProblemsPanel:
        from journeyapp.widgets.panels.problems_panel import ProblemsPanel

        panel = ProblemsPanel()
        panel.problemChosen.connect(self.show_problem)
        if self._problems_found is not None:
            panel.show_problems(self._problems_found)
        return panel

    def show_problems(self, problems: list[Problem]) -> None:
        self._problems_found = problems
        if self.dock_problems.made:
            self.problems.show_problems(problems)

    def _followed_stage(self) -> str | None:
        """The stage the RACI and improvements follow: the one selected, if only one is."""
        stage_ids = self.window.scene.selected_stage_ids()
        return stage_ids[0] if len(stage_ids) == 1 else None

    def _follow_selection(self, _ids=None) -> None:
        scene = self.window.scene
        self.inspectors.show_selection(scene.selected_stage_ids(), scene.selected_handoff_ids())
        for name in ("raci", "improvements", "projects"):
            if name in self._made:
                self._made[name].show_stage(self._followed_stage())

    # -- going to what a problem is about -----------------------------------

    def show_problem(self, problem: Problem) -> None:
        playbook = self.window.document.playbook
        canvas = self.window.canvas
        if problem.kind is Kind.STAGE and playbook.has_stage(problem.id):
            canvas.centre_on_stage(problem.id)
            self._raise(self.dock_inspector)
        elif problem.kind is Kind.ACTIVITY and problem.id in playbook.activities:
            canvas.centre_on_stage(playbook.activities[problem.id].stage)
            self.inspectors.stage.activities.select_activity(problem.id)
            self._raise(self.dock_inspector)
        elif problem.kind is Kind.HANDOFF and problem.id in playbook.ids(Kind.HANDOFF):
            handoff = playbook.handoff(problem.id)
            canvas.centerOn(canvas.map_scene.card_rect(handoff.source).center())
            canvas.map_scene.select_handoff(problem.id)
            self._raise(self.dock_inspector)
        else:
            self.show_other_problem(problem)

    def show_other_problem(self, problem: Problem) -> None:
        """Problems about definitions open the glossary; about roles, that role's duties."""
        if (
            problem.kind is Kind.DEFINITION
            and problem.id in self.window.document.playbook.definitions
        ):
            self.glossary.show_definition(problem.id)
            self._raise(self.dock_glossary)
        elif problem.kind is Kind.ROLE:
            self.raci.show_stage(None)
            index = self.raci.role_choice.findData(problem.id)
            if index >= 0:
                self.raci.role_choice.setCurrentIndex(index)
            self._raise(self.dock_raci)

    def _show_handoff(self, handoff_id: str) -> None:
        canvas = self.window.canvas
        handoff = self.window.document.playbook.handoff(handoff_id)
        canvas.centerOn(canvas.map_scene.card_rect(handoff.source).center())
        canvas.map_scene.select_handoff(handoff_id)

    def _raise(self, dock) -> None:
        if dock in self.window.panel_bar.docks:
            self.window.panel_bar.open(dock)
        else:
            dock.show()
            dock.raise_()
